import type { ParseArgsConfig, parseArgs } from 'node:util';
import type { CliIo } from './io';

/** A command's flags, as node:util's parseArgs takes them. */
export type FlagSpec = NonNullable<ParseArgsConfig['options']>;

/** The values of a command's flags, parsed strictly. */
export type Flags<T extends FlagSpec> = ReturnType<
  typeof parseArgs<{ args: string[]; options: T; strict: true; allowPositionals: false }>
>['values'];

/**
 * One subcommand of `ism-webhooks`: a file of its own under cli/, thin over the library and the
 * suite. It declares its flags and usage; runCommand parses them and answers --help (and -h), so
 * `run` gets the flags parsed and never sees --help. Other arguments are a usage error, unless the
 * command takes positionals (`parity FILE...`): then `run` gets them too.
 */
export interface Command<T extends FlagSpec = FlagSpec> {
  readonly name: string;
  readonly usage: string;
  readonly flags: T;
  readonly positionals?: boolean;
  run(flags: Flags<T>, io: CliIo, positionals: readonly string[]): Promise<number>;
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
