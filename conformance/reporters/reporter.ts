import type { RunListener } from '../runner/run-scenarios';

/** A reporter: told as the run goes, writes its output when told the run is finished. */
export type Reporter = RunListener;

export const reporterKinds = ['console', 'junit', 'json', 'markdown'] as const;
export type ReporterKind = (typeof reporterKinds)[number];

/** Where a reporter writes: a stream of the process (stdout, stderr) or a file. */
export interface Sink {
  write(text: string): unknown;
}

/** Combines reporters into one listener, told in order. */
export function allOf(reporters: readonly Reporter[]): Reporter {
  return {
    start: (info) => {
      for (const reporter of reporters) reporter.start(info);
    },
    result: (result, index, total) => {
      for (const reporter of reporters) reporter.result(result, index, total);
    },
    async finish(report) {
      for (const reporter of reporters) await reporter.finish(report);
    },
  };
}
