import type { CheckFailure } from '../checks';
import { sendRequest } from '../http/send-request';
import type { Target } from '../targets/target';
import { answerDifferences } from './answer-differences';
import { curlFor, requestSummary, responseSummary } from './exchange';
import { judgedResult } from './results';
import { fixedHeaderNames, runScenarios, type ScenarioRun } from './run-scenarios';
import type { RunReport } from './scenario-result';

export interface CompareRun extends ScenarioRun {
  readonly other: Target;
}

/** Sends every scenario's request to two targets and reports each difference between the answers. */
export async function runCompare(run: CompareRun): Promise<RunReport> {
  const { settings } = run;
  const fixedHeaders = fixedHeaderNames(settings.contract.catalogue);
  return runScenarios(run, {
    mode: 'compare',
    targets: [run.target, run.other],
    profile: settings.profile,
    strict: settings.strict,
    async judge(scenario, [requestA, requestB]) {
      if (!requestA || !requestB) throw new Error('compare sends two requests per scenario');
      const a = await sendRequest(requestA.wire, settings.timeoutMs);
      const b = await sendRequest(requestB.wire, settings.timeoutMs);
      let failures: CheckFailure[];
      if (a.ok && b.ok) failures = answerDifferences(a.response, b.response, fixedHeaders);
      else if (!a.ok && !b.ok) failures = [{ check: 'transport', message: 'neither target answered', expected: a.error, actual: b.error }];
      else failures = [{ check: 'transport', message: 'only one target answered', expected: a.ok ? `status ${a.response.status}` : a.error, actual: b.ok ? `status ${b.response.status}` : b.error }];
      const result = judgedResult(scenario, settings, {
        outcome: failures.length === 0 ? 'passed' : 'failed',
        basis: 'the same request at --target (expected) and --compare (actual)',
        failures,
        request: requestSummary(requestA, settings),
        response: responseSummary(a, settings),
        curl: `${curlFor(requestA, settings)}\n${curlFor(requestB, settings)}`,
        durationMs: (a.ok ? a.response.durationMs : 0) + (b.ok ? b.response.durationMs : 0),
      });
      return { result, answered: a.ok || b.ok };
    },
  });
}
