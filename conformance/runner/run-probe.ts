import { mediaTypeOf, runChecks } from '../checks';
import { judgingFor } from '../judging/judging-for';
import type { RecordedAnswer, TenantProfile } from '../tenant-profile/tenant-profile';
import { curlFor, exchange, requestSummary, responseSummary } from './exchange';
import { judgedResult } from './results';
import { fixedHeaderNames, runScenarios, type ScenarioRun } from './run-scenarios';
import type { RunReport } from './scenario-result';

export type ProbeRun = ScenarioRun;

/**
 * Sends the inferred scenarios to a target and records what it really answered (keys redacted).
 * Results: `passed` where it answered as the reference tenant does, `observed` where it differs.
 */
export async function runProbe(run: ProbeRun): Promise<{ report: RunReport; profile: TenantProfile }> {
  const { target, settings } = run;
  const fixedHeaders = fixedHeaderNames(settings.contract.catalogue);
  const answers = new Map<string, RecordedAnswer>();
  const inferred = { ...run, scenarios: run.scenarios.filter((scenario) => scenario.provenance === 'inferred') };
  const report = await runScenarios(inferred, {
    mode: 'probe',
    targets: [target],
    profile: settings.profile,
    strict: true,
    reportAs: { profile: 'probe', strict: false },
    async judge(scenario, [request]) {
      if (!request) throw new Error('probe sends one request per scenario');
      const { sent } = await exchange(request, settings, undefined);
      const base = { request: requestSummary(request, settings), response: responseSummary(sent, settings), curl: curlFor(request, settings) };
      if (!sent.ok) {
        const failures = [{ check: 'transport' as const, message: 'no HTTP answer: nothing recorded', expected: 'an HTTP answer', actual: sent.error }];
        return { result: judgedResult(scenario, settings, { ...base, outcome: 'failed', basis: 'recorded', failures, durationMs: 0 }), answered: false };
      }
      const judging = judgingFor(scenario, settings.contract.catalogue, { profile: 'reference', strict: true, recorded: undefined });
      const differences = runChecks({ method: scenario.request.method, response: sent.response, expectation: judging.expectation, contract: settings.contract, secrets: settings.secrets, actionRuns: undefined });
      const headers: Record<string, string> = {};
      for (const name of fixedHeaders) {
        const value = sent.response.headers[name.toLowerCase()];
        if (value !== undefined) headers[name] = settings.redact(value);
      }
      answers.set(scenario.id, {
        status: sent.response.status,
        contentType: mediaTypeOf(sent.response.headers['content-type']),
        body: settings.redact(sent.response.body.toString('utf8')),
        headers,
        matchesReference: differences.length === 0,
      });
      const outcome = differences.length === 0 ? 'passed' : 'observed';
      return { result: judgedResult(scenario, settings, { ...base, outcome, basis: 'recorded; compared with the reference tenant', failures: differences, durationMs: sent.response.durationMs }), answered: true };
    },
  });
  const profile: TenantProfile = { target: settings.redact(target.label), recordedAt: report.startedAt, tool: `${run.tool.name} ${run.tool.version}`, answers };
  return { report, profile };
}
