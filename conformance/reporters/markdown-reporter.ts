import type { Redact } from '../../src/redact';
import { closingLine, type RunReport, type ScenarioResult } from '../runner/scenario-result';
import { emit, type Destination, type Reporter } from './reporter';

/**
 * The run as Markdown for a CI job summary (GitHub's $GITHUB_STEP_SUMMARY, a GitLab job's
 * published file): the verdict and counts, the diagnosis on top, then a table of the failures,
 * each with what failed and the curl line that reproduces it. Passing and skipped scenarios are
 * counted, not listed.
 */
export function markdownReporter(destination: Destination, redact: Redact): Reporter {
  return {
    start: () => undefined,
    result: () => undefined,
    finish(report) {
      emit(destination, redact(renderMarkdown(report)));
    },
  };
}

const verdictWords: Record<RunReport['verdict'], string> = {
  passed: 'passed',
  failed: 'failed',
  'nothing-tested': 'tested nothing',
  unreachable: 'target unreachable',
  'setup-problem': 'could not judge the target',
};

export function renderMarkdown(report: RunReport): string {
  const lines: string[] = [];
  const seconds = (report.durationMs / 1000).toFixed(1);
  lines.push(`### ism-webhooks ${report.mode}: ${verdictWords[report.verdict]}`, '');
  const against = report.compareTarget !== undefined ? `${report.target} compared with ${report.compareTarget}` : report.target;
  lines.push(
    `${text(against)}, profile ${text(report.profile)}${report.strict ? ' (strict)' : ''}: **${text(closingLine(report.summary, report.mode))}**${report.summary.observed > 0 && report.mode !== 'probe' ? `, ${report.summary.observed} observed` : ''} in ${seconds} s.`,
    '',
  );
  if (report.diagnosis) {
    lines.push(`> **Diagnosis:** ${text(report.diagnosis.message)}`, '>', `> **Fix:** ${text(report.diagnosis.fix)}`, '');
  }
  if (report.verdictNote) lines.push(text(report.verdictNote), '');
  const failed = report.results.filter((result) => result.outcome === 'failed');
  if (failed.length > 0) {
    lines.push('| scenario | what failed | reproduce |', '|---|---|---|');
    for (const result of failed) lines.push(`| ${cell(result.id)} (${result.provenance}) | ${whatFailed(result)} | ${code(result.curl)} |`);
    lines.push('');
  }
  return `${lines.join('\n')}`;
}

function whatFailed(result: ScenarioResult): string {
  return result.failures.map((failure) => `${cell(failure.check)}: ${cell(failure.message)}`).join('<br>');
}

const code = (curl: string | undefined): string => (curl === undefined ? '' : `<code>${cell(curl)}</code>`);

/**
 * Text from the target (an answer, a URL) as inert Markdown: every character that Markdown, HTML,
 * a table cell or GitHub's math (`$`) would read as syntax becomes a numeric character
 * reference; in a cell, line breaks become `<br>`.
 */
function cell(value: string): string {
  return text(value).replace(/\r?\n/g, '<br>');
}

function text(value: string): string {
  return value.replace(/[\\`*_[\]<>&|~$]/g, (char) => `&#${char.charCodeAt(0)};`).replace(/\r?\n/g, ' ');
}
