import { escapeTerminalText } from '../../src/terminal-text';
import type { Redact } from '../../src/redact';
import { closingLine, type ScenarioResult } from '../runner/scenario-result';
import type { Reporter, Sink } from './reporter';

/**
 * A line per scenario as it completes (`[ 3/35] passed    missing-extension`), the expected and
 * actual answer and a curl line under each failure or observation, and the closing line
 * `N passed, N failed, N skipped`.
 */
export function consoleReporter(sink: Sink, redact: Redact): Reporter {
  const write = (text: string): void => {
    // A target's answer may hold terminal controls (ESC, C1, bidi): shown escaped, line by line.
    sink.write(redact(text).split('\n').map(escapeTerminalText).join('\n'));
  };
  let width = 1;
  let mode = 'conform';
  return {
    start(info) {
      width = String(info.total).length;
      mode = info.mode;
      const what =
        info.mode === 'compare'
          ? `comparing ${info.target} with ${info.compareTarget ?? ''}`
          : `${info.mode === 'probe' ? 'probing' : 'target'} ${info.target}`;
      const profile =
        info.mode === 'conform' ? `, profile ${info.profile}${info.strict && info.profile === 'live' ? ' (strict)' : ''}` : '';
      write(`ism-webhooks ${info.mode}: ${what}${profile}, ${info.total} scenario${info.total === 1 ? '' : 's'}\n`);
    },
    result(result, index, total) {
      // A probe records: an answer is recorded, whether or not it is the reference tenant's.
      const recorded = mode === 'probe' && (result.outcome === 'passed' || result.outcome === 'observed');
      const label = recorded ? 'recorded' : result.outcome;
      const differs = recorded && result.outcome === 'observed' ? ' (differs from the reference tenant)' : '';
      write(
        `[${String(index).padStart(width)}/${total}] ${label.padEnd(8)} ${result.id} (${result.provenance})${describeEnd(result)}${differs}\n`,
      );
      if (result.record !== undefined) write(`      ${result.record}\n`);
      if (result.outcome === 'failed' || result.outcome === 'observed') write(details(result));
    },
    finish(report) {
      if (report.summary.observed > 0) {
        const noun =
          report.mode === 'probe'
            ? 'of the recorded answers differ from the reference tenant'
            : 'inferred behaviour that differs from the reference tenant; not failures (--strict or --profile-file makes them count)';
        write(report.mode === 'probe' ? `${report.summary.observed} ${noun}\n` : `${report.summary.observed} observed: ${noun}\n`);
      }
      if (report.diagnosis) write(`diagnosis: ${report.diagnosis.message}\n  fix: ${report.diagnosis.fix}\n`);
      if (report.verdictNote) write(`${report.verdictNote}\n`);
      write(`${closingLine(report.summary, report.mode)}\n`);
    },
  };
}

function describeEnd(result: ScenarioResult): string {
  if (result.outcome === 'skipped') return `: ${result.reason ?? ''}`;
  return ` ${result.durationMs} ms`;
}

function details(result: ScenarioResult): string {
  const lines: string[] = [];
  const pad = '      ';
  lines.push(`${pad}judged against ${result.basis ?? 'the spec'}`);
  for (const failure of result.failures) {
    lines.push(`${pad}${failure.check}: ${failure.message}`);
    lines.push(...labelled(`${pad}  expected: `, failure.expected));
    lines.push(...labelled(`${pad}  actual:   `, failure.actual));
  }
  if (result.curl) lines.push(...labelled(`${pad}reproduce: `, result.curl));
  return `${lines.join('\n')}\n`;
}

function labelled(label: string, text: string): string[] {
  return text.split('\n').map((line, index) => `${index === 0 ? label : ' '.repeat(label.length)}${line}`);
}
