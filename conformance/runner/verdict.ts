import type { ScenarioResult, Verdict } from './scenario-result';

/**
 * - `unreachable`: requests were sent and none got an HTTP answer;
 * - `nothing-tested`: every scenario was skipped;
 * - `failed`: a required scenario failed; otherwise `passed` (observations never fail a run).
 */
export function verdictOf(results: readonly ScenarioResult[], attempted: number, answered: number): { verdict: Verdict; note: string | undefined } {
  if (attempted > 0 && answered === 0) {
    const error = results.flatMap((result) => result.failures).find((failure) => failure.check === 'transport');
    return { verdict: 'unreachable', note: `the target is unreachable: no request got an HTTP answer${error ? ` (${error.actual})` : ''}` };
  }
  if (results.every((result) => result.outcome === 'skipped')) {
    return { verdict: 'nothing-tested', note: 'the run tested nothing: every scenario was skipped' };
  }
  return { verdict: results.some((result) => result.outcome === 'failed') ? 'failed' : 'passed', note: undefined };
}
