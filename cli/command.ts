import type { CliIo } from './io';

/** One subcommand of `ism-webhooks`: a file of its own under cli/, thin over the library and the suite. */
export interface Command {
  readonly name: string;
  readonly usage: string;
  run(args: string[], io: CliIo): Promise<number>;
}

/**
 * A line of the command table: the command's module is loaded only when it runs, so that
 * `serve` does not pay for loading the conformance suite (start-up time is measured).
 */
export interface CommandEntry {
  readonly name: string;
  readonly summary: string;
  load(): Promise<Command>;
}

/** A bad command line: reported as `ism-webhooks CMD: MESSAGE` plus a hint, exit code 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}
