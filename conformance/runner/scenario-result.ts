import path from 'node:path';
import type { Provenance } from '../../src/contract';
import type { CheckFailure } from '../judging/checks';
import type { Diagnosis } from './diagnosis';
import type { Scenario } from '../scenario/scenario';
import type { RunSettings } from '../run-setup';

export type OutcomeKind = 'passed' | 'failed' | 'skipped' | 'observed';

/** What happened to one scenario in a run. Every text in it is already redacted. */
export interface ScenarioResult {
  readonly id: string;
  readonly summary: string;
  readonly provenance: Provenance;
  /** The scenario file, relative to the package root when inside it. */
  readonly file: string;
  readonly outcome: OutcomeKind;
  /** Why it was skipped. */
  readonly reason: string | undefined;
  /** What it was judged against. */
  readonly basis: string | undefined;
  /** `--verify-record`: what the read-back found, in one sentence (absent when not asked or no Action ran). */
  readonly record?: string;
  readonly failures: readonly CheckFailure[];
  readonly request: RequestSummary | undefined;
  readonly response: ResponseSummary | undefined;
  /** Reproduces the request, keys replaced by $ISM_API_KEY / $ISM_DEACTIVATED_API_KEY. */
  readonly curl: string | undefined;
  readonly durationMs: number;
}

export interface RequestSummary {
  readonly method: string;
  readonly url: string;
  readonly headers: readonly (readonly [string, string])[];
  readonly body: string;
}

export interface ResponseSummary {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** The body as text, cut after 2,000 characters. */
  readonly body: string;
  /** False when the connection failed mid-answer: this is what arrived before it did. */
  readonly complete: boolean;
}

export interface RunSummary {
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  readonly observed: number;
}

/** Why a run ends as it does; decides the exit code. */
export type Verdict = 'passed' | 'failed' | 'nothing-tested' | 'unreachable' | 'setup-problem';

export interface RunReport {
  readonly tool: string;
  readonly version: string;
  readonly mode: 'conform' | 'compare' | 'probe';
  readonly target: string;
  readonly compareTarget: string | undefined;
  readonly profile: string;
  readonly strict: boolean;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly results: readonly ScenarioResult[];
  readonly summary: RunSummary;
  readonly verdict: Verdict;
  /** A sentence for the verdict when it is not a plain pass or fail. */
  readonly verdictNote: string | undefined;
  /** The run as a whole, read from the pattern of its answers (wrong URL, not ISM, key refused...). */
  readonly diagnosis: Diagnosis | undefined;
}

/** The report of a finished run: everything but the mode-specific parts is derived here. */
export function reportOf(input: {
  readonly tool: { readonly name: string; readonly version: string };
  readonly mode: RunReport['mode'];
  readonly target: string;
  readonly compareTarget?: string;
  readonly profile: string;
  readonly strict: boolean;
  readonly started: number;
  readonly results: readonly ScenarioResult[];
  readonly verdict: Verdict;
  readonly verdictNote: string | undefined;
  readonly diagnosis: Diagnosis | undefined;
}): RunReport {
  return {
    tool: input.tool.name,
    version: input.tool.version,
    mode: input.mode,
    target: input.target,
    compareTarget: input.compareTarget,
    profile: input.profile,
    strict: input.strict,
    startedAt: new Date(input.started).toISOString(),
    durationMs: Date.now() - input.started,
    results: input.results,
    summary: summarize(input.results),
    verdict: input.verdict,
    verdictNote: input.verdictNote,
    diagnosis: input.diagnosis,
  };
}

export function summarize(results: readonly ScenarioResult[]): RunSummary {
  const count = (kind: OutcomeKind): number => results.filter((result) => result.outcome === kind).length;
  return { passed: count('passed'), failed: count('failed'), skipped: count('skipped'), observed: count('observed') };
}

/** The closing line every reporter and CI reads. */
/** `N passed, N failed, N skipped`; a probe records, so its answers count as `N recorded`. */
export function closingLine(summary: RunSummary, mode: RunReport['mode'] = 'conform'): string {
  const first = mode === 'probe' ? `${summary.passed + summary.observed} recorded` : `${summary.passed} passed`;
  return `${first}, ${summary.failed} failed, ${summary.skipped} skipped`;
}

export function skippedResult(scenario: Scenario, reason: string, settings: RunSettings): ScenarioResult {
  return {
    ...identity(scenario, settings),
    outcome: 'skipped',
    reason: settings.redact(reason),
    basis: undefined,
    failures: [],
    request: undefined,
    response: undefined,
    curl: undefined,
    durationMs: 0,
  };
}

export function judgedResult(
  scenario: Scenario,
  settings: RunSettings,
  judged: {
    outcome: OutcomeKind;
    basis: string;
    failures: readonly CheckFailure[];
    request: RequestSummary;
    response: ResponseSummary | undefined;
    curl: string;
    durationMs: number;
    record?: string;
  },
): ScenarioResult {
  const redact = settings.redact;
  return {
    ...identity(scenario, settings),
    outcome: judged.outcome,
    reason: undefined,
    basis: judged.basis,
    failures: judged.failures.map((failure) => ({
      ...failure,
      message: redact(failure.message),
      expected: redact(failure.expected),
      actual: redact(failure.actual),
    })),
    request: judged.request,
    response: judged.response,
    curl: judged.curl,
    durationMs: judged.durationMs,
    ...(judged.record !== undefined ? { record: redact(judged.record) } : {}),
  };
}

function identity(scenario: Scenario, settings: RunSettings): Pick<ScenarioResult, 'id' | 'summary' | 'provenance' | 'file'> {
  const relative = path.relative(settings.root, scenario.file);
  return {
    id: scenario.id,
    summary: scenario.summary,
    provenance: scenario.provenance,
    file: relative.startsWith('..') ? scenario.file : relative,
  };
}

/**
 * - `unreachable`: requests were sent and none got an HTTP answer;
 * - `setup-problem`: the answers show the run cannot judge the tenant as given: not the ISM API, a refused key (diagnosis.ts);
 * - `nothing-tested`: every scenario was skipped;
 * - `failed`: a required scenario failed; otherwise `passed` (observations never fail a run).
 */
export function verdictOf(
  results: readonly ScenarioResult[],
  attempted: number,
  answered: number,
  diagnosis: Diagnosis | undefined,
): { verdict: Verdict; note: string | undefined } {
  if (attempted > 0 && answered === 0) {
    const error = results.flatMap((result) => result.failures).find((failure) => failure.check === 'transport');
    return {
      verdict: 'unreachable',
      note: `the target is unreachable: no request got an HTTP answer${error ? ` (${error.message})` : ''}`,
    };
  }
  if (diagnosis?.setupProblem) return { verdict: 'setup-problem', note: undefined };
  if (results.every((result) => result.outcome === 'skipped')) {
    return { verdict: 'nothing-tested', note: 'the run tested nothing: every scenario was skipped' };
  }
  return { verdict: results.some((result) => result.outcome === 'failed') ? 'failed' : 'passed', note: undefined };
}
