import { redactDeep, type Redact } from '../../src/redact';
import { closingLine, type RunReport } from '../runner/scenario-result';
import { emit, type Destination, type Reporter } from './reporter';

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
