import { groupDigits } from '../number-text';
import { hideKeyLike } from '../redact';
import fs from 'node:fs';
import type { Document, Node as YamlNode } from 'yaml';
import { maxNestingDepth, tooDeepAt } from './nesting-depth';
import { type Checked, type DataFileProblem, type FieldPath, fileProblem, whereOf } from './problems';

/** What a data file may be, and what to tell the user when it cannot be read. */
export interface DataFileRules {
  /** The largest file accepted, in bytes: a data file is small, a device or a mistake is not. */
  readonly maxBytes: number;
  /** What the file is, for messages: 'the tenant file'. */
  readonly what: string;
  /** What to do when it cannot be read at all: 'check the path given to --tenant'. */
  readonly fixPath: string;
}

/** At most this many problems are listed per file; the rest are counted. */
export const maxProblemsPerFile = 20;
/** YAML aliases a data file may use: enough to share a mapping, far too few for an alias bomb. */
export const maxAliasCount = 100;

/**
 * Reads a data file as UTF-8 text: only a regular file (never a FIFO, a device or a folder, which
 * could block or never end), at most `maxBytes`. Opening is non-blocking, so a FIFO is refused at
 * once instead of waiting for a writer.
 */
export function readDataFile(file: string, rules: DataFileRules): Checked<string> {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    return { ok: false, problems: [fileProblem(file, `cannot read ${rules.what} (${code})`, rules.fixPath)] };
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) {
      const kind = stat.isDirectory()
        ? 'a folder'
        : stat.isFIFO()
          ? 'a FIFO'
          : stat.isCharacterDevice() || stat.isBlockDevice()
            ? 'a device'
            : 'not a regular file';
      return { ok: false, problems: [fileProblem(file, `${rules.what} is ${kind}, not a regular file`, rules.fixPath)] };
    }
    const tooLarge = fileProblem(
      file,
      `${rules.what} is larger than ${groupDigits(rules.maxBytes)} bytes`,
      `keep ${rules.what} under ${groupDigits(rules.maxBytes)} bytes (is this the right file?)`,
    );
    if (stat.size > rules.maxBytes) return { ok: false, problems: [tooLarge] };
    // Read one byte more than allowed: a file that grows while read is still caught.
    const buffer = Buffer.alloc(rules.maxBytes + 1);
    let length = 0;
    for (let read = -1; read !== 0 && length < buffer.length; length += read)
      read = fs.readSync(fd, buffer, length, buffer.length - length, null);
    if (length > rules.maxBytes) return { ok: false, problems: [tooLarge] };
    try {
      return { ok: true, value: new TextDecoder('utf-8', { fatal: true }).decode(buffer.subarray(0, length)) };
    } catch {
      return { ok: false, problems: [fileProblem(file, `${rules.what} is not UTF-8 text`, 'save it as UTF-8')] };
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** A parsed YAML file: its data, and where any field of it sits (for messages). */
export interface ParsedYaml {
  readonly file: string;
  readonly data: unknown;
  /** Line and column of a field's value, or of its key when `at` is 'key' (an unknown field); else of its nearest parent. */
  locate(fieldPath: FieldPath, at?: 'key' | 'value'): { line?: number; column?: number };
  /** A problem at a field, with its position. */
  problem(fieldPath: FieldPath, message: string, fix: string, at?: 'key' | 'value'): DataFileProblem;
}

/** What to do about each YAML syntax error, by the parser's error code. */
const syntaxFixes: Readonly<Record<string, string>> = {
  TAB_AS_INDENT: 'indent with spaces; YAML does not allow tabs for indentation',
  MULTILINE_IMPLICIT_KEY: "write 'key: value' on one line; check the indentation and the colon of this line and the one above",
  DUPLICATE_KEY: 'remove one of the two keys, or rename it',
  BAD_INDENT: 'indent this line like the other entries of its block',
  MISSING_CHAR: 'add the missing closing character (a quote, ] or })',
  BLOCK_AS_IMPLICIT_KEY: 'put the key on its own line, followed by a colon',
  UNEXPECTED_TOKEN: 'remove or quote the unexpected character',
  MULTIPLE_DOCS: "keep one YAML document in the file (remove the '---' line)",
};

/**
 * Parses YAML with positions. Each syntax error is reported once, at its line and column, with a
 * fix; duplicate keys are found in one pass (the parser's own check is quadratic in the size of a
 * mapping); aliases are capped.
 */
export function parseYaml(text: string, file: string): Checked<ParsedYaml> {
  const { LineCounter: Lines, parseDocument } = require('yaml') as typeof import('yaml');
  const lines = new Lines();
  // Measured before the recursive stage of the parser sees the text (see nesting-depth.ts).
  const deep = tooDeepAt(text);
  if (deep !== undefined) {
    const before = text.slice(0, deep);
    const line = before.split('\n').length;
    const col = deep - before.lastIndexOf('\n');
    const message = `nested deeper than ${maxNestingDepth} levels`;
    return {
      ok: false,
      problems: [{ file, line, column: col, where: '', message, fix: `keep lists and mappings within ${maxNestingDepth} levels` }],
    };
  }
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: false, prettyErrors: false });
  const at = (offset: number): { line: number; column: number } => {
    const { line, col } = lines.linePos(offset);
    return { line, column: col };
  };
  const problems: DataFileProblem[] = [];
  const seenLines = new Set<number>();
  for (const error of doc.errors) {
    const position = at(error.pos[0]);
    if (seenLines.has(position.line)) continue;
    seenLines.add(position.line);
    const message = `YAML syntax error: ${error.message.split('\n')[0] ?? error.code}`;
    problems.push({ file, ...position, where: '', message, fix: syntaxFixes[error.code] ?? 'correct the YAML at this line' });
  }
  if (problems.length === 0) problems.push(...duplicateKeys(doc, file, at));
  if (problems.length > 0) return { ok: false, problems: capped(problems, (problem) => problem) };

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount });
  } catch (error) {
    const alias = firstAlias(doc);
    const position = alias?.range ? at(alias.range[0]) : {};
    const message =
      error instanceof ReferenceError
        ? `uses more than ${maxAliasCount} YAML aliases (*name), or an alias that is not defined`
        : `cannot be read: ${(error as Error).message}`;
    return { ok: false, problems: [{ file, ...position, where: '', message, fix: 'write the values out instead of repeating aliases' }] };
  }
  const locate = (fieldPath: FieldPath, where: 'key' | 'value' = 'value'): { line?: number; column?: number } => {
    const { isMap, isScalar } = require('yaml') as typeof import('yaml');
    if (where === 'key' && fieldPath.length > 0) {
      const parent = fieldPath.length === 1 ? doc.contents : doc.getIn(fieldPath.slice(0, -1), true);
      const last = fieldPath[fieldPath.length - 1];
      const pair = isMap(parent) ? parent.items.find((item) => isScalar(item.key) && item.key.value === last) : undefined;
      const range = isScalar(pair?.key) ? pair.key.range : undefined;
      if (range) return at(range[0]);
    }
    for (let depth = fieldPath.length; depth >= 0; depth--) {
      const node = depth === 0 ? doc.contents : doc.getIn(fieldPath.slice(0, depth), true);
      const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
      if (range) return at(range[0]);
    }
    return {};
  };
  return {
    ok: true,
    value: {
      file,
      data,
      locate,
      problem: (fieldPath, message, fix, where = 'value') => ({
        file,
        ...locate(fieldPath, where),
        where: hideKeyLike(whereOf(fieldPath)),
        message,
        fix,
      }),
    },
  };
}

/** Reads, then parses: the start of every data file's loading. */
export function loadYamlFile(file: string, rules: DataFileRules): Checked<ParsedYaml> {
  const text = readDataFile(file, rules);
  return text.ok ? parseYaml(text.value, file) : text;
}

/**
 * The first problems of a list (positions are looked up only for those), and how many more there
 * are: a file with ten thousand wrong lines gets a screenful, not ten thousand lines.
 */
export function capped<T>(items: readonly T[], toProblem: (item: T) => DataFileProblem): DataFileProblem[] {
  const shown = items.slice(0, maxProblemsPerFile).map(toProblem);
  const first = shown[0];
  if (items.length <= maxProblemsPerFile || !first) return shown;
  return [
    ...shown,
    fileProblem(first.file, `and ${items.length - maxProblemsPerFile} more problems`, 'fix the ones above, then load the file again'),
  ];
}

function duplicateKeys(doc: Document, file: string, at: (offset: number) => { line: number; column: number }): DataFileProblem[] {
  const { visit, isScalar } = require('yaml') as typeof import('yaml');
  const problems: DataFileProblem[] = [];
  visit(doc, {
    Map(_key, map) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        const key = isScalar(pair.key) ? pair.key.value : pair.key;
        if (!seen.has(key)) {
          seen.add(key);
          continue;
        }
        const range = (pair.key as YamlNode | null)?.range;
        problems.push({
          file,
          ...(range ? at(range[0]) : {}),
          where: '',
          message: `YAML syntax error: duplicate key '${hideKeyLike(String(key))}'`,
          fix: syntaxFixes.DUPLICATE_KEY ?? '',
        });
      }
    },
  });
  return problems;
}

function firstAlias(doc: Document): YamlNode | undefined {
  const { visit } = require('yaml') as typeof import('yaml');
  let found: YamlNode | undefined;
  visit(doc, {
    Alias(_key, node) {
      found = node;
      return visit.BREAK;
    },
  });
  return found;
}
