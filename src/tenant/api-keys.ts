import type { ApiKeyConfig } from './model';
import { keyHint } from '../redact';

/** The only Authorization form webhooks accept (ISM "Using REST API Key"; docs/decisions.md #8). */
const prefix = 'rest_api_key=';

/** Refused; `deactivated` names a key of the tenant whose Activated box is cleared (for the inspection page, never the answer). */
export type AuthResult = { ok: true; key: { name: string; hint: string } } | { ok: false; deactivated?: { name: string; hint: string } };

/**
 * Checks an Authorization header against the tenant's keys in constant time: the presented key
 * is written into a fixed-width buffer and compared with every key's fixed-width buffer, lengths
 * included, without an early exit, so the time taken says nothing about which key matched or how
 * much of one. (No hashing: a digest per request costs an OpenSSL algorithm lookup.) Deactivated
 * keys are refused like incorrect ones (vendor page).
 */
export function createApiKeyCheck(keys: readonly ApiKeyConfig[]): (authorization: string | undefined) => AuthResult {
  // Every comparison covers the width of the longest key, whatever is presented.
  const width = Math.max(1, ...keys.map((key) => key.referenceId.length));
  const entries = keys.map((key) => ({
    padded: padded(key.referenceId, width),
    length: key.referenceId.length,
    activated: key.activated,
    identity: { name: key.name, hint: keyHint(key.referenceId) },
  }));
  const presented = new Uint8Array(width);
  return (authorization) => {
    if (authorization === undefined || !authorization.startsWith(prefix)) return { ok: false };
    const length = authorization.length - prefix.length;
    if (length > width) return { ok: false };
    writeLatin1(presented, authorization, prefix.length);
    let found: (typeof entries)[number] | undefined;
    for (const entry of entries) {
      const same = sameBytes(entry.padded, presented);
      if (same && entry.length === length) found = entry;
    }
    if (found === undefined) return { ok: false };
    return found.activated ? { ok: true, key: found.identity } : { ok: false, deactivated: found.identity };
  };
}

function padded(text: string, width: number): Uint8Array {
  const buffer = new Uint8Array(width);
  writeLatin1(buffer, text, 0);
  return buffer;
}

/** The text from `from` on, one byte per code unit (its low byte), zero-padded to the buffer's width. */
function writeLatin1(buffer: Uint8Array, text: string, from: number): void {
  for (let i = 0; i < buffer.length; i++) buffer[i] = from + i < text.length ? text.charCodeAt(from + i) & 0xff : 0;
}

/** Equal buffers of equal width, compared in full: no early exit (what node:crypto's timingSafeEqual does, without Node). */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= (a[i] as number) ^ (b[i] as number);
  return difference === 0;
}
