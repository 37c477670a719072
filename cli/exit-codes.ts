import type { CommandOutcome } from '../conformance/conform';
import { UsageError } from './command';

/** Exit codes of `ism-webhooks`, the same for every command. Documented in the README. */
export const exitCodes = {
  ok: 0,
  /** Something was judged and failed (a conformance run with failures). */
  failed: 1,
  /**
   * The command could not do its job as asked: a bad command line, a configuration file that does
   * not load, an unreachable target, or a run that tested nothing.
   */
  usage: 2,
} as const;
export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes];

/** The exit code of a conformance command's outcome; a usage error is thrown for main to print. */
export function exitCodeOf(outcome: CommandOutcome): ExitCode {
  switch (outcome.kind) {
    case 'usage':
      throw new UsageError(outcome.message, outcome.hint);
    case 'recorded':
      return exitCodes.ok;
    case 'not-run':
      return exitCodes.usage;
    case 'judged':
      return outcome.verdict === 'passed' ? exitCodes.ok : outcome.verdict === 'failed' ? exitCodes.failed : exitCodes.usage;
  }
}
