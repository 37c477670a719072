import { generateBody, type GeneratedBody } from '../scenario/body-generators';
import { fillPlaceholders, type PlaceholderName, type PlaceholderValues } from '../scenario/placeholders';
import type { Scenario } from '../scenario/scenario';
import type { RunSettings } from '../run-setup';
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

export type Planned = { readonly run: true; readonly request: BuiltRequest } | { readonly run: false; readonly reason: string };

const missingReasons: Record<PlaceholderName, string> = {
  'api-key': 'no API key: pass --api-key KEY or set ISM_API_KEY',
  'deactivated-api-key':
    'no deactivated key: pass --deactivated-api-key KEY or set ISM_DEACTIVATED_API_KEY (a key of the tenant whose Activated box is cleared)',
  'incorrect-api-key': 'no incorrect key (internal)',
  extension: 'no extension: pass --extension NAME',
  'extension-other-case': 'the extension has no letters, so it has no other letter case',
  'extension-percent-encoded': 'no extension: pass --extension NAME',
  'xml-extension': 'no XML webhook: pass --xml-extension NAME (an active webhook whose body format is XML)',
  'tenant-host': 'the target has no host name',
};

/** Decides whether a scenario runs against a target, and builds its exact request if so. */
export function planRequest(scenario: Scenario, baseUrl: string, settings: RunSettings): Planned {
  if (settings.profile === 'prism' && scenario.prism.kind === 'skip')
    return { run: false, reason: `a spec mock cannot answer it: ${scenario.prism.reason}` };
  if (scenario.runsAction && settings.guardSideEffects && !settings.allowSideEffects) {
    return {
      run: false,
      reason: 'it runs the Action (creates a record in the tenant): pass --allow-side-effects to run it against a --target',
    };
  }
  const prefer: [string, string][] =
    settings.profile === 'prism' && scenario.prism.kind === 'prefer' ? [['Prefer', scenario.prism.prefer]] : [];
  const built = buildRequest(scenario, baseUrl, settings.contract.catalogue.path, settings.values, prefer);
  if (!built.ok) return { run: false, reason: missingReasons[built.missing] };
  return { run: true, request: built.request };
}
