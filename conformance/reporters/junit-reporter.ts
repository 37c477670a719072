import os from 'node:os';
import type { Redact } from '../../src/redact';
import { closingLine, type RunReport, type ScenarioResult } from '../runner/scenario-result';
import { emit, type Destination, type Reporter } from './reporter';

/**
 * JUnit XML as Jenkins (junit plugin) and GitLab (artifacts:reports:junit) read it: one
 * <testsuite> per provenance, a <testcase> per scenario with classname, name, file and time;
 * <failure> for a failure, <skipped> with the reason, and observations as passing test cases
 * whose <system-out> says what differed.
 */
export function junitReporter(destination: Destination, redact: Redact): Reporter {
  return {
    start: () => undefined,
    result: () => undefined,
    finish(report) {
      emit(destination, redact(renderJunit(report)));
    },
  };
}

export function renderJunit(report: RunReport): string {
  const suites = (['documented', 'inferred'] as const)
    .map((provenance) => ({ provenance, results: report.results.filter((result) => result.provenance === provenance) }))
    .filter((suite) => suite.results.length > 0);
  const timestamp = report.startedAt.slice(0, 19);
  const seconds = (ms: number): string => (ms / 1000).toFixed(3);
  const count = (results: readonly ScenarioResult[], outcome: string): number =>
    results.filter((result) => result.outcome === outcome).length;
  const lines: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  lines.push(
    `<testsuites name="${attr(`ism-webhooks ${report.mode}`)}" tests="${report.results.length}" failures="${report.summary.failed}" errors="0" skipped="${report.summary.skipped}" time="${seconds(report.durationMs)}">`,
  );
  for (const suite of suites) {
    const time = suite.results.reduce((sum, result) => sum + result.durationMs, 0);
    lines.push(
      `  <testsuite name="${attr(`conformance.${suite.provenance}`)}" tests="${suite.results.length}" failures="${count(suite.results, 'failed')}" errors="0" skipped="${count(suite.results, 'skipped')}" time="${seconds(time)}" timestamp="${timestamp}" hostname="${attr(os.hostname())}">`,
    );
    lines.push('    <properties>');
    for (const [name, value] of [
      ['target', report.target],
      ['compare', report.compareTarget ?? ''],
      ['profile', report.profile],
      ['strict', String(report.strict)],
      ['summary', closingLine(report.summary, report.mode)],
      ['verdict', report.verdict],
      ['diagnosis', report.diagnosis ? `${report.diagnosis.message}; fix: ${report.diagnosis.fix}` : ''],
    ] as const) {
      if (value !== '') lines.push(`      <property name="${attr(name)}" value="${attr(value)}"/>`);
    }
    lines.push('    </properties>');
    for (const result of suite.results) lines.push(...testcase(result, seconds));
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}

function testcase(result: ScenarioResult, seconds: (ms: number) => string): string[] {
  const open = `    <testcase classname="${attr(`conformance.${result.provenance}`)}" name="${attr(result.id)}" file="${attr(result.file)}" time="${seconds(result.durationMs)}"`;
  const detail = [
    result.summary,
    result.basis ? `judged against ${result.basis}` : '',
    ...result.failures.map(
      (failure) => `${failure.check}: ${failure.message}\n  expected: ${failure.expected}\n  actual:   ${failure.actual}`,
    ),
    result.curl ? `reproduce: ${result.curl}` : '',
  ]
    .filter((line) => line !== '')
    .join('\n');
  switch (result.outcome) {
    case 'passed':
      return [`${open}/>`];
    case 'skipped':
      return [`${open}>`, `      <skipped message="${attr(result.reason ?? '')}"/>`, '    </testcase>'];
    case 'observed':
      return [`${open}>`, `      <system-out>${text(`observation (inferred, not a failure): ${detail}`)}</system-out>`, '    </testcase>'];
    case 'failed': {
      const first = result.failures[0];
      const message = result.failures.map((failure) => `${failure.check}: ${failure.message}`).join('; ');
      const type = first?.kind !== undefined ? `${first.check}:${first.kind}` : (first?.check ?? 'failure');
      return [`${open}>`, `      <failure message="${attr(message)}" type="${attr(type)}">${text(detail)}</failure>`, '    </testcase>'];
    }
  }
}

/** Characters XML 1.0 cannot carry at all (a response may hold anything). */
function clean(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the class names the control characters XML allows (tab, LF, CR)
  return value.replace(/[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD');
}

function text(value: string): string {
  return clean(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attr(value: string): string {
  return text(value).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}
