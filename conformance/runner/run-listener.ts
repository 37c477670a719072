import type { RunReport, ScenarioResult } from './scenario-result';

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
