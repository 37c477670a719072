import { type Command, type FlagSpec, type Flags, UsageError } from './command';
import { exitCodes } from './exit-codes';
import type { CliIo } from './io';
import { parseCommandLine } from './options';

/** --help, which every command takes: runCommand answers it with the command's usage. */
const helpFlag = { help: { type: 'boolean', short: 'h' } } as const;

/**
 * Runs one command: parses its flags (and --help) strictly, prints its usage for --help, else runs
 * it. A UsageError becomes its message, a hint and exit code 2 (usage).
 */
export async function runCommand<T extends FlagSpec>(command: Command<T>, args: string[], io: CliIo): Promise<number> {
  try {
    const line = parseCommandLine(args, { ...command.flags, ...helpFlag }, command.positionals === true);
    const { help, ...flags } = line.flags as { help?: boolean };
    if (help) {
      io.stdout.write(`${command.usage}\n`);
      return exitCodes.ok;
    }
    return await command.run(flags as Flags<T>, io, line.positionals);
  } catch (error) {
    if (error instanceof UsageError) {
      const hint = error.hint ? `${error.hint}\n` : '';
      io.stderr.write(`ism-webhooks ${command.name}: ${error.message}\n${hint}Run 'ism-webhooks ${command.name} --help' for usage.\n`);
      return exitCodes.usage;
    }
    throw error;
  }
}
