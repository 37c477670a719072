/** A resolved configuration, or the usage error that stops it (printed with a hint, exit code 2). */
export type Resolved<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly message: string; readonly hint?: string };

export const usageError = (message: string, hint?: string): { ok: false; message: string; hint?: string } =>
  hint === undefined ? { ok: false, message } : { ok: false, message, hint };

/** Values of a repeatable flag, each possibly comma-separated: `--only a,b --only c`. */
export function listOf(values: readonly string[] | undefined): string[] {
  return (values ?? [])
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter((value) => value !== '');
}

export function wholeNumber(value: string | undefined, flag: string, fallback: number, min: number, max: number): Resolved<number> {
  if (value === undefined) return { ok: true, value: fallback };
  const n = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(n) || n < min || n > max) return usageError(`${flag} must be a whole number from ${min} to ${max}, got '${value}'`);
  return { ok: true, value: n };
}

/** A base URL: http or https, with an optional path such as /HEAT, no query or fragment; resolved here, once, without trailing slashes. */
export function baseUrl(value: string, flag: string): Resolved<string> {
  // `localhost:4010` parses as a URL of scheme `localhost:`: a missing scheme is named as such.
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value) && /^[^\s/:]+(:\d+)?(\/|$)/.test(value)) {
    const local = /^(localhost|127\.|\[::1\])/i.test(value);
    const corrected = `${local ? 'http' : 'https'}://${value}`;
    return usageError(`${flag} needs the URL's scheme (http:// or https://), got '${value}'`, `Did you mean ${flag} ${corrected}?`);
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return usageError(`${flag} must be a base URL such as https://tenant.example.com or https://host/HEAT, got '${value}'`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return usageError(`${flag} must use http or https, got '${url.protocol}'`);
  if (url.search !== '' || url.hash !== '')
    return usageError(
      `${flag} must be a base URL without ?query or #fragment, got '${value}'`,
      'The suite adds /api/rest/Webhooks/Execute?extension=NAME itself.',
    );
  if (/\/api\/rest\//i.test(url.pathname))
    return usageError(
      `${flag} must be the tenant's base URL, not the endpoint: drop '${url.pathname}'`,
      'Give https://tenant.example.com, or https://host/HEAT on premises.',
    );
  return { ok: true, value: value.replace(/\/+$/, '') };
}
