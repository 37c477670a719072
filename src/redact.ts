/**
 * The one place that decides what of a key may be shown. Two policies, for two kinds of output:
 * a hint (`…8F90`) where a person needs to tell keys apart (access log, tenant-file messages), and
 * a placeholder (`$ISM_API_KEY`) where an output must stay runnable (curl lines, reports, profiles).
 */

/** What may be shown of an API key: its last four characters; the key itself is never stored outside the key registry. */
export function keyHint(key: string): string {
  return key.length <= 8 ? '[redacted]' : `…${key.slice(-4)}`;
}

/**
 * A text with every run of 16 or more letters and digits (what a Reference ID looks like) shown
 * as its hint: for messages about a data file, where a key may stand in the wrong place.
 */
export function hideKeyLike(text: string): string {
  return text.replace(/[A-Za-z0-9]{16,}/g, keyHint);
}

/**
 * Request headers as received (Node's `rawHeaders`: name, value, name, value, ...) in one string,
 * joined by line feeds, which no header name or value can hold (HTTP parsers and the Fetch
 * `Headers` refuse them). What the logs keep: one string per call, not one per header, so a
 * thousand kept calls cost the garbage collector a thousand objects, not thirteen thousand.
 */
export function packHeaders(rawHeaders: readonly string[]): string {
  return rawHeaders.join('\n');
}

/**
 * Header names whose value is a credential and is never shown (docs/decisions.md #19):
 * `Cookie`, `Set-Cookie`, `Proxy-Authorization`, and any name that says key, secret, token,
 * password, credential, session, auth or signature (`X-Api-Key`, `Ocp-Apim-Subscription-Key`,
 * `X-Secret`, `X-Auth-Token`, `X-Signature`, ...). `Authorization` is shown as the key's hint (see `redactHeaders`).
 */
export function isSecretHeader(name: string): boolean {
  return /cookie|key|secret|token|passw|credential|session|auth|signature/i.test(name);
}

/**
 * Request headers kept by `packHeaders` made fit to show: `Authorization` as `rest_api_key=` and
 * the key's hint (`[redacted]` when no key was recognised), every other credential header
 * (`isSecretHeader`) as `[redacted]`, every other value through `redactOther` (known keys a caller
 * put elsewhere, as `keyRedactor` shows them).
 */
export function redactHeaders(
  packed: string,
  hint: string | undefined,
  redactOther: (text: string) => string = (text) => text,
): [name: string, value: string][] {
  const rawHeaders = packed === '' ? [] : packed.split('\n');
  const headers: [string, string][] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i] as string;
    headers.push([name, redactHeader(name, rawHeaders[i + 1] as string, hint, redactOther)]);
  }
  return headers;
}

/** One header's value made fit to show, by the rule of `redactHeaders`. */
export function redactHeader(name: string, value: string, hint: string | undefined, redactOther: (text: string) => string): string {
  if (name.length === 13 && name.toLowerCase() === 'authorization') return hint === undefined ? '[redacted]' : `rest_api_key=${hint}`;
  return isSecretHeader(name) ? '[redacted]' : redactOther(value);
}

/**
 * Every occurrence of any of the keys, in any case (an ISM Reference ID is hex, and a caller may
 * have changed its case), shown as that key's hint: for every view of what callers sent.
 */
export function keyRedactor(keys: readonly string[]): (text: string) => string {
  const usable = keys.filter((key) => key.length > 0).sort((a, b) => b.length - a.length);
  if (usable.length === 0) return (text) => text;
  const hints = new Map(usable.map((key) => [key.toLowerCase(), keyHint(key)]));
  const pattern = new RegExp(usable.map((key) => key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'gi');
  // A text shorter than the shortest key holds none (the common path and extension of every call).
  const shortest = (usable[usable.length - 1] as string).length;
  return (text) => (text.length < shortest ? text : text.replace(pattern, (found) => hints.get(found.toLowerCase()) as string));
}

/** A secret of the run and what stands for it in every output. */
export interface Secret {
  readonly value: string;
  /** e.g. `$ISM_API_KEY`, so a printed curl line runs as is with the key in the environment. */
  readonly placeholder: string;
}

export type Redact = (text: string) => string;

/** Keys shorter than this are not secrets worth hiding (and would mangle every output). */
const minimumLength = 4;

/** Replaces every occurrence of every secret, longest first, in any text an output shows. */
export function createRedactor(secrets: readonly Secret[]): Redact {
  const usable = secrets.filter((secret) => secret.value.length >= minimumLength).sort((a, b) => b.value.length - a.value.length);
  if (usable.length === 0) return (text) => text;
  return (text) => usable.reduce((out, secret) => out.split(secret.value).join(secret.placeholder), text);
}

/** Redacts every string inside a JSON-like value (for the JSON report and the tenant profile). */
export function redactDeep<T>(value: T, redact: Redact): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => redactDeep(item, redact)) as T;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [redact(key), redactDeep(item as unknown, redact)])) as T;
  }
  return value;
}
