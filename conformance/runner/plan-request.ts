import { buildRequest, type BuiltRequest } from '../targets/build-request';
import type { PlaceholderName } from '../scenario/placeholders';
import type { Scenario } from '../scenario/scenario';
import type { RunSettings } from './run-settings';

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
