import { firstDifference, showText } from '../../src/text-diff';
import { type CheckFailure, mediaTypeOf, runChecks } from '../judging/checks';
import { type SendResult, sendRequest, type WireResponse } from '../targets/send-request';
import { judgingFor } from '../judging/judging-for';
import { detectInspection, type Target } from '../targets/target';
import type { RecordedAnswer, TenantProfile } from '../judging/tenant-profile';
import { curlFor, exchange, requestSummary, responseSummary, transportFailure } from './exchange';
import { fixedHeaderNames, runScenarios, type ScenarioRun } from './run-scenarios';
import { judgedResult, type RunReport } from './scenario-result';
import { readBackRecord } from '../verify-record/verify-record';

/* The three run modes on the one loop of run-scenarios.ts: conform (judge one target), compare (two targets), probe (record one). */

export type ConformRun = ScenarioRun;

/** Replays every scenario against one target, one at a time, and judges each answer. */
export async function runConformance(run: ConformRun): Promise<RunReport> {
  const { target, settings } = run;
  const inspection = await detectInspection(target.baseUrl, settings.timeoutMs);
  let marked = 0;
  return runScenarios(run, {
    mode: 'conform',
    targets: [target],
    profile: settings.profile,
    // What was applied: the reference and prism profiles judge every scenario exactly.
    strict: settings.strict || settings.profile !== 'live',
    async judge(scenario, [planned]) {
      if (!planned) throw new Error('conform sends one request per scenario');
      const judging = judgingFor(scenario, settings.contract.catalogue, {
        profile: settings.profile,
        strict: settings.strict,
        recorded: settings.tenantProfile?.answers.get(scenario.id),
      });
      // --verify-record: the request carries a marker, and the record it inserts is read back.
      const readBack = settings.verifyRecord && readBackRecord(scenario, planned, ++marked, settings.verifyRecord);
      const request = readBack?.request ?? planned;
      const { sent, actionRuns } = await exchange(request, settings, inspection);
      const record = readBack && (await readBack.check(sent));
      const failures: CheckFailure[] = sent.ok
        ? runChecks({
            method: scenario.request.method,
            response: sent.response,
            expectation: judging.expectation,
            contract: settings.contract,
            secrets: settings.secrets,
            actionRuns,
          })
        : [transportFailure(sent, settings.timeoutMs)];
      if (record) failures.push(...record.failures);
      const result = judgedResult(scenario, settings, {
        // A transport failure is never an observation: it fails the scenario in every profile.
        outcome: failures.length === 0 ? 'passed' : judging.required || !sent.ok ? 'failed' : 'observed',
        basis: judging.expectation.basis,
        failures,
        request: requestSummary(request, settings),
        response: responseSummary(sent, settings),
        curl: curlFor(request, settings),
        durationMs: sent.ok ? sent.response.durationMs : sent.durationMs,
        ...(record ? { record: record.note } : {}),
      });
      return { result, answered: answeredBy(sent) };
    },
  });
}

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
      else if (!a.ok && !b.ok)
        failures = [
          {
            check: 'transport',
            kind: a.kind,
            message: 'neither target answered completely',
            expected: `--target: ${a.error}`,
            actual: `--compare: ${b.error}`,
          },
        ];
      else
        failures = [
          {
            check: 'transport',
            kind: a.ok ? (b.ok ? undefined : b.kind) : a.kind,
            message: 'only one target answered completely',
            expected: a.ok ? `status ${a.response.status}` : a.error,
            actual: b.ok ? `status ${b.response.status}` : b.error,
          },
        ];
      const result = judgedResult(scenario, settings, {
        outcome: failures.length === 0 ? 'passed' : 'failed',
        basis: 'the same request at --target (expected) and --compare (actual)',
        failures,
        request: requestSummary(requestA, settings),
        response: responseSummary(a, settings),
        curl: `${curlFor(requestA, settings)}\n${curlFor(requestB, settings)}`,
        durationMs: (a.ok ? a.response.durationMs : a.durationMs) + (b.ok ? b.response.durationMs : b.durationMs),
      });
      return { result, answered: answeredBy(a) || answeredBy(b) };
    },
  });
}

/**
 * Every way two answers to the same request differ: status, media type, the headers the spec
 * fixes, and the body byte for byte. `expected` holds the --target's answer, `actual` the --compare's.
 */
export function answerDifferences(a: WireResponse, b: WireResponse, fixedHeaders: readonly string[]): CheckFailure[] {
  const out: CheckFailure[] = [];
  if (a.status !== b.status)
    out.push({ check: 'difference', message: 'the status differs', expected: String(a.status), actual: String(b.status) });
  const typeA = mediaTypeOf(a.headers['content-type']) ?? '(none)';
  const typeB = mediaTypeOf(b.headers['content-type']) ?? '(none)';
  if (typeA !== typeB) out.push({ check: 'difference', message: 'the Content-Type differs', expected: typeA, actual: typeB });
  for (const name of fixedHeaders) {
    const valueA = a.headers[name.toLowerCase()] ?? '(absent)';
    const valueB = b.headers[name.toLowerCase()] ?? '(absent)';
    if (valueA !== valueB) out.push({ check: 'difference', message: `header ${name} differs`, expected: valueA, actual: valueB });
  }
  if (!a.body.equals(b.body)) {
    const textA = a.body.toString('utf8');
    const textB = b.body.toString('utf8');
    const difference = firstDifference(textA, textB);
    out.push({
      check: 'difference',
      message: `the body differs${difference ? `; ${difference.summary.replace('expected', 'target has').replace('got', 'compare has')}` : ''}`,
      expected: difference?.expected ?? showText(textA),
      actual: difference?.actual ?? showText(textB),
    });
  }
  return out;
}

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
      const base = {
        request: requestSummary(request, settings),
        response: responseSummary(sent, settings),
        curl: curlFor(request, settings),
      };
      if (!sent.ok) {
        const failure = transportFailure(sent, settings.timeoutMs);
        const failures = [{ ...failure, message: `${failure.message}: nothing recorded` }];
        return {
          result: judgedResult(scenario, settings, {
            ...base,
            outcome: 'failed',
            basis: 'recorded',
            failures,
            durationMs: sent.durationMs,
          }),
          answered: answeredBy(sent),
        };
      }
      const judging = judgingFor(scenario, settings.contract.catalogue, { profile: 'reference', strict: true, recorded: undefined });
      const differences = runChecks({
        method: scenario.request.method,
        response: sent.response,
        expectation: judging.expectation,
        contract: settings.contract,
        secrets: settings.secrets,
        actionRuns: undefined,
      });
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
      return {
        result: judgedResult(scenario, settings, {
          ...base,
          outcome,
          basis: 'recorded; compared with the reference tenant',
          failures: differences,
          durationMs: sent.response.durationMs,
        }),
        answered: true,
      };
    },
  });
  const profile: TenantProfile = {
    target: settings.redact(target.label),
    recordedAt: report.startedAt,
    tool: `${run.tool.name} ${run.tool.version}`,
    answers,
  };
  return { report, profile };
}

/** Whether a status line came (a partial answer counts). */
function answeredBy(sent: SendResult): boolean {
  return sent.ok || sent.partial !== undefined;
}
