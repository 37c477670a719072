import fs from 'node:fs';
import path from 'node:path';
import { redactDeep, type Redact } from '../../src/redact';
import type { RunListener } from '../runner/run-scenarios';
import { closingLine, type RunReport } from '../runner/scenario-result';

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

/** Where a file reporter writes its document: a file (folders created) or a stream. */
export type Destination = { readonly kind: 'file'; readonly path: string } | { readonly kind: 'stream'; readonly sink: Sink };

export function emit(destination: Destination, text: string): void {
  if (destination.kind === 'stream') {
    destination.sink.write(text);
    return;
  }
  fs.mkdirSync(path.dirname(destination.path), { recursive: true });
  fs.writeFileSync(destination.path, text, 'utf8');
}

/** The whole run as one JSON document (keys redacted), for scripts and dashboards. */
export function jsonReporter(destination: Destination, redact: Redact): Reporter {
  return {
    start: () => undefined,
    result: () => undefined,
    finish(report) {
      emit(destination, `${JSON.stringify(redactDeep(renderJson(report), redact), null, 2)}\n`);
    },
  };
}

export function renderJson(report: RunReport): Record<string, unknown> {
  return { ...report, closingLine: closingLine(report.summary, report.mode) };
}
