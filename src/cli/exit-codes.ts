/** Exit codes of `ism-webhooks`, the same for every command. Documented in the README. */
export const exitCodes = {
  ok: 0,
  /** Something was judged and failed (a conformance run with failures). */
  failed: 1,
  /** The command line was wrong, a target was unreachable, or a run tested nothing. */
  usage: 2,
  /** A configuration file (tenant, scenario, profile) could not be loaded. */
  config: 3,
} as const;
export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes];
