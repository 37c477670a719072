import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './command';

type Options = NonNullable<ParseArgsConfig['options']>;
type Flags<T extends Options> = ReturnType<
  typeof parseArgs<{ args: string[]; options: T; strict: true; allowPositionals: false }>
>['values'];

/**
 * Parses a command's flags strictly: an unknown flag, a missing value or a stray argument is a
 * UsageError naming it, never silently ignored.
 */
export function parseFlags<T extends Options>(args: string[], options: T): Flags<T> {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] ?? String(error) : String(error);
    throw new UsageError(message);
  }
}

/** A TCP port: an integer from 0 (a free port chosen by the OS) to 65535. */
export function parsePort(value: string, flag: string): number {
  const port = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`${flag} must be a whole number from 0 to 65535, got '${value}'`, 'Use 0 to let the system choose a free port.');
  }
  return port;
}
