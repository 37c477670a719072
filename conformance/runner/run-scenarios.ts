import type { Catalogue } from '../../src/contract';
import { planRequest, type BuiltRequest } from '../targets/build-request';
import type { Scenario } from '../scenario/scenario';
import type { Target } from '../targets/target';
import { answerReading, type Diagnosis, diagnose, earlyAnswers, needsNoAnswers } from './diagnosis';
import type { RunSettings } from '../run-setup';
import { reportOf, type RunReport, type ScenarioResult, skippedResult, verdictOf } from './scenario-result';

/** What every run mode is given. */
export interface ScenarioRun {
  readonly scenarios: readonly Scenario[];
  readonly target: Target;
  readonly settings: RunSettings;
  readonly listener: RunListener;
  readonly tool: { readonly name: string; readonly version: string };
}

/** How one mode (conform, compare, probe) judges a scenario whose requests may be sent. */
export interface RunMode {
  readonly mode: RunReport['mode'];
  /** The targets each scenario's request goes to: one, or two for compare. */
  readonly targets: readonly Target[];
  readonly profile: string;
  readonly strict: boolean;
  /** How the report names the profile and strictness, when not as announced (probe). */
  readonly reportAs?: { readonly profile: string; readonly strict: boolean };
  /** Judges one scenario, given its request for each target; `answered` when any HTTP answer came. */
  judge(scenario: Scenario, requests: readonly BuiltRequest[]): Promise<{ result: ScenarioResult; answered: boolean }>;
}

/**
 * The loop every run mode shares: announce the run, then for each scenario plan its requests (or
 * skip it and say why), keep to the request budget and the delay, judge it, report it as it comes;
 * finally the verdict and the report.
 */
export async function runScenarios(run: ScenarioRun, mode: RunMode): Promise<RunReport> {
  const { scenarios, settings, listener } = run;
  const [target, compareTarget] = mode.targets.map((each) => settings.redact(each.label));
  const started = Date.now();
  listener.start({
    mode: mode.mode,
    target: target ?? '',
    compareTarget,
    profile: mode.profile,
    strict: mode.strict,
    total: scenarios.length,
  });
  const pacers = mode.targets.map(() => createPacer(settings.delayMs, settings.maxRequests));
  let answered = 0;
  const results: ScenarioResult[] = [];
  const reading = answerReading(settings.contract, settings.values);
  let diagnosis: Diagnosis | undefined;
  for (const [index, scenario] of scenarios.entries()) {
    const result = await runOne(scenario);
    results.push(result);
    listener.result(result, index + 1, scenarios.length);
    // Stop as soon as the answers show the target is not the ISM API as given: the rest would only repeat it.
    diagnosis = diagnose(results, reading);
    if (diagnosis?.stopsEarly && (needsNoAnswers(diagnosis) || answered >= earlyAnswers)) break;
  }

  async function runOne(scenario: Scenario): Promise<ScenarioResult> {
    const requests: BuiltRequest[] = [];
    for (const each of mode.targets) {
      const planned = planRequest(scenario, each.baseUrl, settings);
      if (!planned.run) return skippedResult(scenario, planned.reason, settings);
      requests.push(planned.request);
    }
    for (const pacer of pacers) {
      if (!(await pacer.next()))
        return skippedResult(scenario, `the request budget of ${settings.maxRequests} is spent (--max-requests)`, settings);
    }
    const judged = await mode.judge(scenario, requests);
    if (judged.answered) answered++;
    return judged.result;
  }

  const { verdict, note } = verdictOf(results, pacers[0]?.sent() ?? 0, answered, diagnosis);
  const stopped =
    results.length < scenarios.length
      ? `stopped after ${results.length} of ${scenarios.length} scenarios: the rest would only repeat this`
      : undefined;
  const report = reportOf({
    tool: run.tool,
    mode: mode.mode,
    target: target ?? '',
    ...(compareTarget !== undefined ? { compareTarget } : {}),
    profile: mode.reportAs?.profile ?? mode.profile,
    strict: mode.reportAs?.strict ?? mode.strict,
    started,
    results,
    // A probe records answers; a differing one is an observation, never a failed run.
    verdict: mode.mode === 'probe' && verdict === 'failed' ? 'passed' : verdict,
    verdictNote: [diagnosis ? undefined : note, stopped].filter((each) => each !== undefined).join('; ') || undefined,
    diagnosis,
  });
  await listener.finish(report);
  return report;
}

/**
 * Keeps a run polite: at most `maxRequests` requests, and at least `delayMs` between the start
 * of one and the start of the next. One pacer per target per run.
 */
export interface Pacer {
  /** Waits for the next slot; false when the budget is spent (the request must not be sent). */
  next(): Promise<boolean>;
  readonly sent: () => number;
}

export interface PacerClock {
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
}

const realClock: PacerClock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export function createPacer(delayMs: number, maxRequests: number, clock: PacerClock = realClock): Pacer {
  const { now, sleep } = clock;
  let sent = 0;
  let last: number | undefined;
  return {
    async next() {
      if (sent >= maxRequests) return false;
      if (last !== undefined && delayMs > 0) {
        const wait = last + delayMs - now();
        if (wait > 0) await sleep(wait);
      }
      last = now();
      sent++;
      return true;
    },
    sent: () => sent,
  };
}

/** Response headers the spec fixes (`Allow` on the 405): compared and recorded by name. */
export function fixedHeaderNames(catalogue: Catalogue): string[] {
  return [...new Set([...catalogue.answers.values()].flatMap((answer) => Object.keys(answer.headers)))];
}

export interface RunStart {
  readonly mode: 'conform' | 'compare' | 'probe';
  readonly target: string;
  readonly compareTarget: string | undefined;
  readonly profile: string;
  readonly strict: boolean;
  readonly total: number;
}

/** Told about a run as it goes (progress), then given the whole report. Reporters implement it. */
export interface RunListener {
  start(info: RunStart): void;
  result(result: ScenarioResult, index: number, total: number): void;
  finish(report: RunReport): Promise<void> | void;
}
