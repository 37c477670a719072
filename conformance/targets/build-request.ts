import { generateBody, type GeneratedBody } from '../scenario/body-generators';
import { fillPlaceholders, type PlaceholderName, type PlaceholderValues } from '../scenario/placeholders';
import type { Scenario } from '../scenario/scenario';
import type { WireRequest } from './send-request';

export interface BuiltRequest {
  readonly wire: WireRequest;
  readonly body: GeneratedBody;
}

export type Built = { readonly ok: true; readonly request: BuiltRequest } | { readonly ok: false; readonly missing: PlaceholderName };

/** The path of the Execute operation, appended to the target's base URL (which may end in /HEAT, never in '/'). */
export function executeUrl(baseUrl: string, path: string, query: string): string {
  return `${baseUrl}${path}${query === '' ? '' : `?${query}`}`;
}

/** Turns a scenario into the exact request for one target; a missing value (no key...) is reported. */
export function buildRequest(
  scenario: Scenario,
  baseUrl: string,
  path: string,
  values: PlaceholderValues,
  extraHeaders: readonly (readonly [string, string])[] = [],
): Built {
  // A value that is already percent-encoded goes as it is; every other one is URL-encoded once.
  const query = fillPlaceholders(scenario.request.query, values, (value, name) =>
    name === 'extension-percent-encoded' ? value : encodeURIComponent(value),
  );
  if (!query.ok) return { ok: false, missing: query.missing };
  const headers: [string, string][] = [];
  for (const [name, raw] of Object.entries(scenario.request.headers)) {
    const value = fillPlaceholders(raw, values);
    if (!value.ok) return { ok: false, missing: value.missing };
    headers.push([name, value.text]);
  }
  headers.push(...extraHeaders.map(([name, value]): [string, string] => [name, value]));
  const body = generateBody(scenario.request.body);
  return {
    ok: true,
    request: {
      wire: {
        method: scenario.request.method,
        url: executeUrl(baseUrl, scenario.request.path ?? path, query.text),
        headers,
        body: body.bytes,
      },
      body,
    },
  };
}
