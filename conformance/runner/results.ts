import path from 'node:path';
import type { CheckFailure } from '../checks';
import type { Scenario } from '../scenario/scenario';
import type { OutcomeKind, RequestSummary, ResponseSummary, ScenarioResult } from './scenario-result';
import type { RunSettings } from './run-settings';

export function skippedResult(scenario: Scenario, reason: string, settings: RunSettings): ScenarioResult {
  return { ...identity(scenario, settings), outcome: 'skipped', reason: settings.redact(reason), basis: undefined, failures: [], request: undefined, response: undefined, curl: undefined, durationMs: 0 };
}

export function judgedResult(
  scenario: Scenario,
  settings: RunSettings,
  judged: { outcome: OutcomeKind; basis: string; failures: readonly CheckFailure[]; request: RequestSummary; response: ResponseSummary | undefined; curl: string; durationMs: number },
): ScenarioResult {
  const redact = settings.redact;
  return {
    ...identity(scenario, settings),
    outcome: judged.outcome,
    reason: undefined,
    basis: judged.basis,
    failures: judged.failures.map((failure) => ({ check: failure.check, message: redact(failure.message), expected: redact(failure.expected), actual: redact(failure.actual) })),
    request: judged.request,
    response: judged.response,
    curl: judged.curl,
    durationMs: judged.durationMs,
  };
}

function identity(scenario: Scenario, settings: RunSettings): Pick<ScenarioResult, 'id' | 'summary' | 'provenance' | 'file'> {
  const relative = path.relative(settings.root, scenario.file);
  return { id: scenario.id, summary: scenario.summary, provenance: scenario.provenance, file: relative.startsWith('..') ? scenario.file : relative };
}
