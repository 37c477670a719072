import type { CheckFailure } from '../checks/check';
import type { Scenario } from '../scenario/scenario';
import type { Target } from '../targets/target';
import { answerDifferences } from './answer-differences';
import { curlFor, requestSummary, responseSummary } from './exchange';
import { sendRequest } from '../http/send-request';
import { createPacer } from './pacer';
import { planRequest } from './plan-request';
import { judgedResult, skippedResult } from './results';
import type { RunListener } from './run-listener';
import type { RunSettings } from './run-settings';
import { reportOf, type RunReport, type ScenarioResult } from './scenario-result';
import { verdictOf } from './verdict';
import { budgetSpent, fixedHeaderNames, replay } from './replay';

export interface CompareRun {
  readonly scenarios: readonly Scenario[];
  readonly target: Target;
  readonly other: Target;
  readonly settings: RunSettings;
  readonly listener: RunListener;
  readonly tool: { readonly name: string; readonly version: string };
}

/** Sends every scenario's request to two targets and reports each difference between the answers. */
export async function runCompare(run: CompareRun): Promise<RunReport> {
  const { scenarios, target, other, settings, listener } = run;
  const started = Date.now();
  const total = scenarios.length;
  listener.start({ mode: 'compare', target: settings.redact(target.label), compareTarget: settings.redact(other.label), profile: settings.profile, strict: settings.strict, total });
  const pacers = [createPacer(settings.delayMs, settings.maxRequests), createPacer(settings.delayMs, settings.maxRequests)] as const;
  const fixedHeaders = fixedHeaderNames(settings.contract.catalogue);
  let answered = 0;
  const results = await replay(scenarios, listener, compareOne);

  async function compareOne(scenario: Scenario): Promise<ScenarioResult> {
    const plannedA = planRequest(scenario, target.baseUrl, settings);
    const plannedB = planRequest(scenario, other.baseUrl, settings);
    if (!plannedA.run) return skippedResult(scenario, plannedA.reason, settings);
    if (!plannedB.run) return skippedResult(scenario, plannedB.reason, settings);
    if (!(await pacers[0].next()) || !(await pacers[1].next())) return budgetSpent(scenario, settings);
    const a = await sendRequest(plannedA.request.wire, settings.timeoutMs);
    const b = await sendRequest(plannedB.request.wire, settings.timeoutMs);
    if (a.ok || b.ok) answered++;
    let failures: CheckFailure[];
    if (a.ok && b.ok) failures = answerDifferences(a.response, b.response, fixedHeaders);
    else if (!a.ok && !b.ok) failures = [{ check: 'transport', message: 'neither target answered', expected: a.error, actual: b.error }];
    else failures = [{ check: 'transport', message: 'only one target answered', expected: a.ok ? `status ${a.response.status}` : a.error, actual: b.ok ? `status ${b.response.status}` : b.error }];
    return judgedResult(scenario, settings, {
      outcome: failures.length === 0 ? 'passed' : 'failed',
      basis: 'the same request at --target (expected) and --compare (actual)',
      failures,
      request: requestSummary(plannedA.request, settings),
      response: responseSummary(a, settings),
      curl: `${curlFor(plannedA.request, settings)}\n${curlFor(plannedB.request, settings)}`,
      durationMs: (a.ok ? a.response.durationMs : 0) + (b.ok ? b.response.durationMs : 0),
    });
  }

  const { verdict, note } = verdictOf(results, pacers[0].sent(), answered);
  const report = reportOf({
    tool: run.tool,
    mode: 'compare',
    target: settings.redact(target.label),
    compareTarget: settings.redact(other.label),
    profile: settings.profile,
    strict: settings.strict,
    started,
    results,
    verdict,
    verdictNote: note,
  });
  await listener.finish(report);
  return report;
}
