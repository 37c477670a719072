/**
 * What may be shown of an API key: its last four characters. Logs, reports and the inspection
 * API use this; the key itself is never stored outside the key registry.
 */
export function keyHint(key: string): string {
  return key.length <= 8 ? '[redacted]' : `…${key.slice(-4)}`;
}
