import { parseArgs } from 'node:util';
import type { AllowedHosts } from '../src/core/request-guard';
import { type FlagSpec, type Flags, UsageError } from './command';

/** A command line parsed: the flags' values and, for a command that takes them, the other arguments. */
export interface CommandLine<T extends FlagSpec> {
  readonly flags: Flags<T>;
  readonly positionals: readonly string[];
}

/**
 * Parses a command's flags strictly (runCommand, for every command): an unknown flag, a missing
 * value or a stray argument (unless the command takes positionals) is a UsageError naming it,
 * never silently ignored.
 */
export function parseCommandLine<T extends FlagSpec>(args: string[], options: T, allowPositionals: boolean): CommandLine<T> {
  try {
    const parsed = parseArgs({ args, options, strict: true, allowPositionals });
    return { flags: parsed.values as Flags<T>, positionals: parsed.positionals };
  } catch (error) {
    // Read the message as a property: under a test runner the error may come from another realm.
    const raw = (error as { message?: unknown }).message;
    const message = typeof raw === 'string' ? (raw.split('\n')[0] ?? raw) : String(error);
    const unknown =
      (error as NodeJS.ErrnoException).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? /'(--?[^'=]+)/.exec(message)?.[1] : undefined;
    const nearest = unknown !== undefined ? nearestName(unknown, Object.keys(options)) : undefined;
    // `--flag -1`: Node reads the value as another flag; the value goes after an equals sign.
    const ambiguous = /^Option '(--[^']+)' argument is ambiguous/.exec(message)?.[1];
    if (ambiguous !== undefined)
      throw new UsageError(
        `${ambiguous} needs a value, and the next argument starts with '-'`,
        `Give a value that starts with '-' as ${ambiguous}=VALUE.`,
      );
    throw new UsageError(
      message.replace(/\. To specify a positional argument.*$/, ''),
      nearest !== undefined ? `did you mean --${nearest}?` : undefined,
    );
  }
}

/** The flags alone, of a command that takes no positionals. */
export const parseFlags = <T extends FlagSpec>(args: string[], options: T): Flags<T> => parseCommandLine(args, options, false).flags;

/** The known name (a flag or a command) closest to a mistyped one (at most two edits, or a prefix of it), if any. */
export function nearestName(given: string, known: readonly string[]): string | undefined {
  const name = given.replace(/^-+/, '');
  const ranked = known
    .map((flag) => ({ flag, distance: flag.startsWith(name) && name.length >= 3 ? 0.5 : editDistance(name, flag) }))
    .sort((a, b) => a.distance - b.distance);
  const best = ranked[0];
  return best !== undefined && best.distance <= Math.min(2, Math.ceil(best.flag.length / 3)) ? best.flag : undefined;
}

/** Levenshtein distance: insertions, deletions and substitutions. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** A TCP port: an integer from 0 (a free port chosen by the OS) to 65535. */
export function parsePort(value: string, flag: string): number {
  const port = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`${flag} must be a whole number from 0 to 65535, got '${value}'`, 'Use 0 to let the system choose a free port.');
  }
  return port;
}

/** `--allowed-hosts a,b`: host names (letters, digits, dots, dashes; a leading dot for a domain), or `any`. */
/** `--host`: 127.0.0.1 by default; an empty value would make Node listen on every interface, so it is refused. */
export function parseListenHost(value: string | undefined): string {
  if (value === undefined) return '127.0.0.1';
  if (value.trim() === '')
    throw new UsageError('--host is empty', 'give an address to bind, e.g. --host 127.0.0.1 (or 0.0.0.0 for every interface)');
  return value;
}

export function parseAllowedHosts(value: string | undefined): AllowedHosts {
  if (value === undefined) return [];
  if (value === 'any') return 'any';
  const names = value.split(',').map((name) => name.trim());
  // 'any' turns the check off: alone, never as one name among others (it would be read as a host name).
  if (names.includes('any'))
    throw new UsageError(
      "--allowed-hosts 'any' turns the Host check off and stands alone",
      "write --allowed-hosts any, or list host names without 'any'",
    );
  const bad = names.find((name) => !/^\.?[A-Za-z0-9]([A-Za-z0-9.-]{0,252})$/.test(name));
  if (bad !== undefined)
    throw new UsageError(
      `--allowed-hosts takes host names separated by commas, got '${bad}'`,
      "e.g. --allowed-hosts tenant,.example.com, or 'any'",
    );
  return names;
}
