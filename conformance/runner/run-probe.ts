import { runChecks } from '../checks';
import { mediaTypeOf } from '../checks/check';
import { judgingFor } from '../judging/judging-for';
import type { Scenario } from '../scenario/scenario';
import type { RecordedAnswer, TenantProfile } from '../tenant-profile/tenant-profile';
import type { Target } from '../targets/target';
import { curlFor, exchange, requestSummary, responseSummary } from './exchange';
import { createPacer } from './pacer';
import { planRequest } from './plan-request';
import { judgedResult, skippedResult } from './results';
import type { RunListener } from './run-listener';
import type { RunSettings } from './run-settings';
import { reportOf, type RunReport, type ScenarioResult } from './scenario-result';
import { verdictOf } from './verdict';
import { budgetSpent, fixedHeaderNames, replay } from './replay';

export interface ProbeRun {
  readonly scenarios: readonly Scenario[];
  readonly target: Target;
  readonly settings: RunSettings;
  readonly listener: RunListener;
  readonly tool: { readonly name: string; readonly version: string };
}

/**
 * Sends the inferred scenarios to a target and records what it really answered (keys redacted).
 * Results: `passed` where it answered as the reference tenant does, `observed` where it differs.
 */
export async function runProbe(run: ProbeRun): Promise<{ report: RunReport; profile: TenantProfile }> {
  const { target, settings, listener } = run;
  const scenarios = run.scenarios.filter((scenario) => scenario.provenance === 'inferred');
  const started = Date.now();
  listener.start({ mode: 'probe', target: settings.redact(target.label), compareTarget: undefined, profile: settings.profile, strict: true, total: scenarios.length });
  const pacer = createPacer(settings.delayMs, settings.maxRequests);
  const fixedHeaders = fixedHeaderNames(settings.contract.catalogue);
  const answers = new Map<string, RecordedAnswer>();
  let answered = 0;
  const results = await replay(scenarios, listener, probeOne);

  async function probeOne(scenario: Scenario): Promise<ScenarioResult> {
    const planned = planRequest(scenario, target.baseUrl, settings);
    if (!planned.run) return skippedResult(scenario, planned.reason, settings);
    if (!(await pacer.next())) return budgetSpent(scenario, settings);
    const { sent } = await exchange(planned.request, settings, undefined);
    const base = { request: requestSummary(planned.request, settings), response: responseSummary(sent, settings), curl: curlFor(planned.request, settings) };
    if (!sent.ok) {
      return judgedResult(scenario, settings, { ...base, outcome: 'failed', basis: 'recorded', failures: [{ check: 'transport', message: 'no HTTP answer: nothing recorded', expected: 'an HTTP answer', actual: sent.error }], durationMs: 0 });
    }
    answered++;
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
    return judgedResult(scenario, settings, { ...base, outcome: differences.length === 0 ? 'passed' : 'observed', basis: 'recorded; compared with the reference tenant', failures: differences, durationMs: sent.response.durationMs });
  }

  const { verdict, note } = verdictOf(results, pacer.sent(), answered);
  const report = reportOf({
    tool: run.tool,
    mode: 'probe',
    target: settings.redact(target.label),
    profile: 'probe',
    strict: false,
    started,
    results,
    verdict: verdict === 'failed' ? 'passed' : verdict,
    verdictNote: note,
  });
  await listener.finish(report);
  const profile: TenantProfile = { target: settings.redact(target.label), recordedAt: report.startedAt, tool: `${run.tool.name} ${run.tool.version}`, answers };
  return { report, profile };
}
