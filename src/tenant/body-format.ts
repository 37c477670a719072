import type { BodyFormat, WebhookBody } from './model';
import { readXml } from './xml-body';

/**
 * The format checks of the vendor's webhook processing ("validate that the format type declared
 * in a request header matches the body format"; "JSON must be an object"). The messages are
 * ours (inferred, docs/decisions.md #6); the names are the spec's example names.
 */
export type FormatProblem =
  | 'unsupportedContentType'
  | 'invalidEncoding'
  | 'formatMismatch'
  | 'invalidJson'
  | 'jsonNotObject'
  | 'invalidXml'
  | 'xmlTooDeep';

export type FormatResult = { readonly ok: true; readonly body: WebhookBody } | { readonly ok: false; readonly problem: FormatProblem };

/** JSON or XML as a Content-Type declares it (RFC 6839 `+json`/`+xml` suffixes included). */
export function declaredFormat(contentType: string | undefined): BodyFormat | undefined {
  if (contentType === undefined) return undefined;
  // The common spellings first: this runs on every request.
  if (contentType === 'application/json' || contentType === 'application/json; charset=utf-8') return 'json';
  if (contentType === 'application/xml' || contentType === 'text/xml') return 'xml';
  const essence = (contentType.split(';', 1)[0] ?? '').trim().toLowerCase();
  if (essence === 'application/json' || /^application\/[\w.+-]+\+json$/.test(essence)) return 'json';
  if (essence === 'application/xml' || essence === 'text/xml' || /^application\/[\w.+-]+\+xml$/.test(essence)) return 'xml';
  return undefined;
}

/**
 * Whether the body's bytes are valid UTF-8. Decoding replaces every invalid sequence with U+FFFD,
 * so a decoded text without U+FFFD came from valid bytes; V8 answers that at once for the common
 * text whose characters all fit in one byte. Only a text with U+FFFD is checked again, by a
 * fatal decoder (which refuses what the lenient decode replaced).
 */
function validUtf8(bytes: Uint8Array, text: string): boolean {
  if (!text.includes('\uFFFD')) return true;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** What the body itself looks like, from its first non-blank character. */
function sniff(text: string): BodyFormat | undefined {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x3c) return 'xml'; // <
    if (code === 0x7b || code === 0x5b) return 'json'; // { [
    if (code !== 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d && code !== 0xfeff) return undefined;
  }
  return undefined;
}

/**
 * Whether a Content-Type declares a charset other than UTF-8. The tenant reads UTF-8 only: a body
 * declared in another charset is refused (invalidEncoding), never misread (docs/decisions.md #12).
 */
export function declaresOtherCharset(contentType: string | undefined): boolean {
  if (contentType === undefined || !contentType.includes(';')) return false;
  if (contentType === 'application/json; charset=utf-8') return false;
  const charset = /;\s*charset\s*=\s*"?([^";\s]*)"?/i.exec(contentType)?.[1];
  return charset !== undefined && !/^utf-?8$/i.test(charset);
}

export function parseWebhookBody(
  contentType: string | undefined,
  bytes: Uint8Array,
  text: string,
  webhookFormat: BodyFormat,
): FormatResult {
  const declared = declaredFormat(contentType);
  if (declared === undefined) return { ok: false, problem: 'unsupportedContentType' };
  if (declaresOtherCharset(contentType) || !validUtf8(bytes, text)) return { ok: false, problem: 'invalidEncoding' };
  const looks = sniff(text);
  if ((looks !== undefined && looks !== declared) || declared !== webhookFormat) return { ok: false, problem: 'formatMismatch' };
  return declared === 'json' ? parseJson(text) : parseXml(text);
}

/** A kept body read again (its format already known and checked when it was received). */
export function parseBodyText(format: BodyFormat, text: string): FormatResult {
  return format === 'json' ? parseJson(text) : parseXml(text);
}

function parseJson(text: string): FormatResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, problem: 'invalidJson' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, problem: 'jsonNotObject' };
  return { ok: true, body: { format: 'json', text, value: value as Record<string, unknown> } };
}

function parseXml(text: string): FormatResult {
  const read = readXml(text);
  return read.ok ? { ok: true, body: { format: 'xml', text, value: read.value } } : read;
}
