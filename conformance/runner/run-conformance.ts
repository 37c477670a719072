import { runChecks, type CheckFailure } from '../checks';
import { judgingFor } from '../judging/judging-for';
import { detectInspection } from '../targets/inspection';
import { curlFor, exchange, requestSummary, responseSummary } from './exchange';
import { judgedResult } from './results';
import { runScenarios, type ScenarioRun } from './run-scenarios';
import type { RunReport } from './scenario-result';

export type ConformRun = ScenarioRun;

/** Replays every scenario against one target, one at a time, and judges each answer. */
export async function runConformance(run: ConformRun): Promise<RunReport> {
  const { target, settings } = run;
  const inspection = await detectInspection(target.baseUrl, settings.timeoutMs);
  return runScenarios(run, {
    mode: 'conform',
    targets: [target],
    profile: settings.profile,
    strict: settings.strict,
    async judge(scenario, [request]) {
      if (!request) throw new Error('conform sends one request per scenario');
      const judging = judgingFor(scenario, settings.contract.catalogue, { profile: settings.profile, strict: settings.strict, recorded: settings.tenantProfile?.answers.get(scenario.id) });
      const { sent, actionRuns } = await exchange(request, settings, inspection);
      const failures: CheckFailure[] = sent.ok
        ? runChecks({ method: scenario.request.method, response: sent.response, expectation: judging.expectation, contract: settings.contract, secrets: settings.secrets, actionRuns })
        : [{ check: 'transport', message: 'no HTTP answer', expected: `an HTTP answer within ${settings.timeoutMs} ms`, actual: sent.error }];
      const result = judgedResult(scenario, settings, {
        outcome: failures.length === 0 ? 'passed' : judging.required ? 'failed' : 'observed',
        basis: judging.expectation.basis,
        failures,
        request: requestSummary(request, settings),
        response: responseSummary(sent, settings),
        curl: curlFor(request, settings),
        durationMs: sent.ok ? sent.response.durationMs : 0,
      });
      return { result, answered: sent.ok };
    },
  });
}
