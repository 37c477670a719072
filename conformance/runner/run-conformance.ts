import { runChecks, type CheckFailure } from '../checks';
import { judgingFor } from '../judging/judging-for';
import type { Scenario } from '../scenario/scenario';
import { detectInspection } from '../targets/inspection';
import type { Target } from '../targets/target';
import { curlFor, exchange, requestSummary, responseSummary } from './exchange';
import { createPacer } from './pacer';
import { planRequest } from './plan-request';
import { judgedResult, skippedResult } from './results';
import type { RunListener } from './run-listener';
import type { RunSettings } from './run-settings';
import { reportOf, type RunReport, type ScenarioResult } from './scenario-result';
import { verdictOf } from './verdict';
import { budgetSpent, replay } from './replay';

export interface ConformRun {
  readonly scenarios: readonly Scenario[];
  readonly target: Target;
  readonly settings: RunSettings;
  readonly listener: RunListener;
  readonly tool: { readonly name: string; readonly version: string };
}

/** Replays every scenario against one target, one at a time, and judges each answer. */
export async function runConformance(run: ConformRun): Promise<RunReport> {
  const { scenarios, target, settings, listener } = run;
  const started = Date.now();
  const total = scenarios.length;
  listener.start({ mode: 'conform', target: settings.redact(target.label), compareTarget: undefined, profile: settings.profile, strict: settings.strict, total });
  const inspection = await detectInspection(target.baseUrl, settings.timeoutMs);
  const pacer = createPacer(settings.delayMs, settings.maxRequests);
  let answered = 0;
  const results = await replay(scenarios, listener, runOne);

  async function runOne(scenario: Scenario): Promise<ScenarioResult> {
    const planned = planRequest(scenario, target.baseUrl, settings);
    if (!planned.run) return skippedResult(scenario, planned.reason, settings);
    if (!(await pacer.next())) return budgetSpent(scenario, settings);
    const judging = judgingFor(scenario, settings.contract.catalogue, { profile: settings.profile, strict: settings.strict, recorded: settings.tenantProfile?.answers.get(scenario.id) });
    const { sent, actionRuns } = await exchange(planned.request, settings, inspection);
    let failures: CheckFailure[];
    if (sent.ok) {
      answered++;
      failures = runChecks({ method: scenario.request.method, response: sent.response, expectation: judging.expectation, contract: settings.contract, secrets: settings.secrets, actionRuns });
    } else {
      failures = [{ check: 'transport', message: 'no HTTP answer', expected: `an HTTP answer within ${settings.timeoutMs} ms`, actual: sent.error }];
    }
    const outcome = failures.length === 0 ? 'passed' : judging.required ? 'failed' : 'observed';
    return judgedResult(scenario, settings, {
      outcome,
      basis: judging.expectation.basis,
      failures,
      request: requestSummary(planned.request, settings),
      response: responseSummary(sent, settings),
      curl: curlFor(planned.request, settings),
      durationMs: sent.ok ? sent.response.durationMs : 0,
    });
  }

  const { verdict, note } = verdictOf(results, pacer.sent(), answered);
  const report = reportOf({
    tool: run.tool,
    mode: 'conform',
    target: settings.redact(target.label),
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
