/**
 * ISO 8601 text of a time, for the request path: calls within the same millisecond share one
 * string, so a busy server formats a date once per millisecond, not once per call.
 */
export function isoClock(): (ms: number) => string {
  let lastMs = Number.NaN;
  let lastText = '';
  return (ms) => {
    if (ms !== lastMs) {
      lastMs = ms;
      lastText = new Date(ms).toISOString();
    }
    return lastText;
  };
}
