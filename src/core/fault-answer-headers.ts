/**
 * Headers every answer of a fault rule carries (docs/decisions.md #18): a rule may answer
 * `text/html`, and without these a browser would run its script on the tenant's origin, where it
 * can read `/_mock`. `sandbox` gives the answer a unique opaque origin with scripts off (CSP Level
 * 3, `sandbox` directive); `default-src 'none'` loads nothing; `nosniff` stops a browser from
 * reading another type into the body (Fetch, "X-Content-Type-Options").
 */
export const faultAnswerHeaders: Readonly<Record<string, string>> = {
  'Content-Security-Policy': "sandbox; default-src 'none'",
  'X-Content-Type-Options': 'nosniff',
};

/**
 * Header names a rule may not set (any case): framing and connection headers the server writes
 * itself (RFC 9112 6), cookies (they ignore ports, so would reach the developer's other local
 * apps), the type (`contentType` sets it) and the headers above, which a rule may not weaken.
 */
export const reservedFaultHeaders: ReadonlySet<string> = new Set([
  'connection',
  'content-length',
  'content-type',
  'keep-alive',
  'set-cookie',
  'trailer',
  'transfer-encoding',
  'upgrade',
  ...Object.keys(faultAnswerHeaders).map((name) => name.toLowerCase()),
]);
