import path from 'node:path';
import { isMap, isScalar, type Document, type LineCounter } from 'yaml';

/** A data file that does not load: which file, where in it, what is wrong, and how to fix it. */
export interface FileProblem {
  readonly file: string;
  /** `line:column` in the file, when known. */
  readonly place: string | undefined;
  /** Dotted path of the field, e.g. `expect.body.example`; '' for the whole file. */
  readonly field: string;
  readonly message: string;
  readonly fix: string;
}

export type Loaded<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problems: readonly FileProblem[] };

/** One problem a line: `file:line:col: field: message` then `  fix: ...` (the file relative to `root` when inside it). */
export function formatProblems(problems: readonly FileProblem[], root: string = process.cwd()): string {
  return problems
    .map((problem) => {
      const relative = path.relative(root, problem.file);
      const file = relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? problem.file : relative;
      const where = problem.place ? `${file}:${problem.place}` : file;
      const field = problem.field ? `${problem.field}: ` : '';
      return `${where}: ${field}${problem.message}\n  fix: ${problem.fix}`;
    })
    .join('\n');
}

/**
 * Finds where a field sits in a parsed YAML document: its value, or its key when `at` is 'key'
 * (an unknown field), falling back to its nearest parent.
 */
export function placeOf(doc: Document, lines: LineCounter, fieldPath: readonly (string | number)[], at: 'key' | 'value' = 'value'): string | undefined {
  if (at === 'key' && fieldPath.length > 0) {
    const parent = fieldPath.length === 1 ? doc.contents : doc.getIn(fieldPath.slice(0, -1), true);
    const last = fieldPath[fieldPath.length - 1];
    const pair = isMap(parent) ? parent.items.find((item) => isScalar(item.key) && item.key.value === last) : undefined;
    const range = isScalar(pair?.key) ? pair.key.range : undefined;
    if (range) {
      const pos = lines.linePos(range[0]);
      return `${pos.line}:${pos.col}`;
    }
  }
  for (let depth = fieldPath.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(fieldPath.slice(0, depth), true);
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    if (range) {
      const pos = lines.linePos(range[0]);
      return `${pos.line}:${pos.col}`;
    }
  }
  return undefined;
}
