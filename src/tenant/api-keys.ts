import { hash, timingSafeEqual } from 'node:crypto';
import type { ApiKeyConfig } from './model';
import { keyHint } from './redact';

/** The only Authorization form webhooks accept (ISM "Using REST API Key"; contract-facts). */
const prefix = 'rest_api_key=';

export type AuthResult = { ok: true; key: { name: string; hint: string } } | { ok: false };

/**
 * Checks an Authorization header against the tenant's keys in constant time: the presented key
 * is hashed and compared with every key's hash, without an early exit, so the time taken says
 * nothing about which key (or how much of one) matched. Deactivated keys are refused like
 * incorrect ones (vendor page).
 */
export function createApiKeyCheck(keys: readonly ApiKeyConfig[]): (authorization: string | undefined) => AuthResult {
  const entries = keys.map((key) => ({
    digest: sha256(key.referenceId),
    activated: key.activated,
    identity: { name: key.name, hint: keyHint(key.referenceId) },
  }));
  return (authorization) => {
    if (authorization === undefined || !authorization.startsWith(prefix)) return { ok: false };
    const presented = sha256(authorization.slice(prefix.length));
    let found: (typeof entries)[number] | undefined;
    for (const entry of entries) {
      if (timingSafeEqual(entry.digest, presented)) found = entry;
    }
    return found?.activated ? { ok: true, key: found.identity } : { ok: false };
  };
}

function sha256(text: string): Buffer {
  return hash('sha256', text, 'buffer');
}
