import { type Command, UsageError } from './command';
import { exitCodes } from './exit-codes';
import type { CliIo } from './io';

/** Runs one command; a UsageError becomes its message, a hint and exit code 2 (usage). */
export async function runCommand(command: Command, args: string[], io: CliIo): Promise<number> {
  try {
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      const hint = error.hint ? `${error.hint}\n` : '';
      io.stderr.write(`ism-webhooks ${command.name}: ${error.message}\n${hint}Run 'ism-webhooks ${command.name} --help' for usage.\n`);
      return exitCodes.usage;
    }
    throw error;
  }
}
