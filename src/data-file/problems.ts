import { hideKeyLike } from '../redact';
import path from 'node:path';

/** One thing wrong with a data file (tenant file, scenario, tenant profile): where, what, and what to do. */
export interface DataFileProblem {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  /** The field, e.g. `webhooks[1].extension`; '' for the whole file. */
  readonly where: string;
  readonly message: string;
  readonly fix: string;
}

/** A data file read into a value, or every problem found in it. */
export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problems: readonly DataFileProblem[] };

/** A field inside a parsed file: mapping keys and list indexes. */
export type FieldPath = readonly (string | number)[];

/** `webhooks[1].extension` for ['webhooks', 1, 'extension']. */
export function whereOf(fieldPath: FieldPath): string {
  return fieldPath.map((segment, index) => (typeof segment === 'number' ? `[${segment}]` : index === 0 ? segment : `.${segment}`)).join('');
}

/** A problem of the whole file (it cannot be read, it is not YAML, ...). */
export function fileProblem(file: string, message: string, fix: string): DataFileProblem {
  return { file, where: '', message, fix };
}

/**
 * One problem a line, `file:line:col: where: what`, with `  fix: ...` under it. The file is shown
 * relative to `root` when it lies inside it.
 */
export function formatProblems(problems: readonly DataFileProblem[], root: string = process.cwd()): string {
  return problems
    .map((problem) => {
      const relative = path.relative(root, problem.file);
      const file = relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? problem.file : relative;
      const at = [file, problem.line, problem.column].filter((part) => part !== undefined).join(':');
      const where = problem.where ? `${problem.where}: ` : '';
      return `${at}: ${where}${problem.message}\n  fix: ${problem.fix}`;
    })
    .join('\n');
}

/** A short description of a value for messages: never a whole string of unknown length. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  // A key in the wrong field is still a key: anything shaped like one is shown as its hint.
  if (typeof value === 'string')
    return value.length > 40 ? `a string of ${value.length} characters` : `string ${JSON.stringify(hideKeyLike(value))}`;
  return `${typeof value} ${String(value)}`;
}
