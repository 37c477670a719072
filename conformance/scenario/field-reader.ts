import type { Document, LineCounter } from 'yaml';
import { placeOf, type FileProblem } from './file-problem';

type Path = readonly (string | number)[];

/**
 * Reads typed fields out of a parsed data file and collects every problem (not just the first),
 * each with the file, the place and a fix.
 */
export class FieldReader {
  readonly problems: FileProblem[] = [];

  constructor(
    readonly file: string,
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  problem(fieldPath: Path, message: string, fix: string, at: 'key' | 'value' = 'value'): void {
    this.problems.push({ file: this.file, place: placeOf(this.doc, this.lines, fieldPath, at), field: fieldPath.join('.'), message, fix });
  }

  object(value: unknown, fieldPath: Path, known: readonly string[], fix: string): Record<string, unknown> | undefined {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.problem(fieldPath, `must be a mapping, got ${describe(value)}`, fix);
      return undefined;
    }
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (!known.includes(key)) {
        this.problem([...fieldPath, key], `unknown field '${key}'`, `remove it, or use one of: ${known.join(', ')}`, 'key');
      }
    }
    return record;
  }

  string(value: unknown, fieldPath: Path, fix: string, options: { allowEmpty?: boolean } = {}): string | undefined {
    if (typeof value !== 'string' || (!options.allowEmpty && value.trim() === '')) {
      this.problem(fieldPath, `must be a ${options.allowEmpty ? '' : 'non-empty '}string, got ${describe(value)}`, fix);
      return undefined;
    }
    return value;
  }

  integer(value: unknown, fieldPath: Path, min: number, max: number, fix: string): number | undefined {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      this.problem(fieldPath, `must be a whole number from ${min} to ${max}, got ${describe(value)}`, fix);
      return undefined;
    }
    return value;
  }

  boolean(value: unknown, fieldPath: Path, fix: string): boolean | undefined {
    if (typeof value !== 'boolean') {
      this.problem(fieldPath, `must be true or false, got ${describe(value)}`, fix);
      return undefined;
    }
    return value;
  }

  oneOf<T extends string>(value: unknown, fieldPath: Path, allowed: readonly T[]): T | undefined {
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      this.problem(fieldPath, `must be one of ${allowed.join(', ')}, got ${describe(value)}`, `write one of: ${allowed.join(', ')}`);
      return undefined;
    }
    return value as T;
  }
}

export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}
