import type { Change } from './rules';

/** One line per change: severity, JSON-pointer location, message, rule. */
export function formatChanges(changes: readonly Change[]): string[] {
  return changes.map(
    ({ severity, location, message, rule }) => `${severity.padEnd(12)} ${location === '' ? '(document)' : location}  ${message} [${rule}]`,
  );
}

/** The closing line: `N breaking, N non-breaking`. */
export function summaryLine(changes: readonly Change[]): string {
  const breaking = changes.filter((change) => change.severity === 'breaking').length;
  return `${breaking} breaking, ${changes.length - breaking} non-breaking`;
}
