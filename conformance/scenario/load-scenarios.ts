import fs from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { packageRoot, type Catalogue } from '../../src/contract';
import { FieldReader } from './field-reader';
import type { FileProblem, Loaded } from './file-problem';
import { readScenario } from './read-scenario';
import type { Scenario } from './scenario';

/** Where the bundled scenarios live, found from the package root (never the cwd). */
export const defaultScenariosDir = (): string => path.join(packageRoot(), 'fixtures', 'scenarios');

const extensions = ['.yaml', '.yml', '.json'];
const idPattern = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * Loads every scenario file of a folder, documented ones first, then by ID. Any problem in any file
 * fails the whole load, with every problem listed (file, place, fix): a suite must not run with a
 * scenario silently left out.
 */
export function loadScenarios(dir: string, catalogue: Catalogue): Loaded<Scenario[]> {
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((name) => extensions.includes(path.extname(name))).sort();
  } catch (error) {
    return fail(dir, `cannot read the folder: ${(error as Error).message}`, 'point --scenarios at a folder of scenario files');
  }
  if (names.length === 0) return fail(dir, 'holds no scenario file (.yaml, .yml or .json)', 'add scenario files, or point --scenarios at the right folder');

  const problems: FileProblem[] = [];
  const scenarios: Scenario[] = [];
  const seen = new Map<string, string>();
  for (const name of names) {
    const file = path.join(dir, name);
    const id = path.basename(name, path.extname(name));
    if (!idPattern.test(id)) {
      problems.push({ file, place: undefined, field: '', message: `'${id}' is not a scenario ID`, fix: 'name the file in lower-case kebab-case after the behaviour, e.g. missing-extension.yaml' });
      continue;
    }
    const twin = seen.get(id);
    if (twin) {
      problems.push({ file, place: undefined, field: '', message: `scenario ID '${id}' is also used by ${twin}`, fix: 'keep one file per scenario ID' });
      continue;
    }
    seen.set(id, name);
    const lines = new LineCounter();
    const doc = parseDocument(fs.readFileSync(file, 'utf8'), { lineCounter: lines, uniqueKeys: true });
    if (doc.errors.length > 0) {
      for (const error of doc.errors) {
        const pos = error.linePos?.[0];
        problems.push({ file, place: pos ? `${pos.line}:${pos.col}` : undefined, field: '', message: error.message.split('\n')[0] ?? error.message, fix: 'correct the YAML syntax at that place' });
      }
      continue;
    }
    const reader = new FieldReader(file, doc, lines);
    const scenario = readScenario(id, doc.toJS(), reader, catalogue);
    problems.push(...reader.problems);
    if (scenario && reader.problems.length === 0) scenarios.push(scenario);
  }
  if (problems.length > 0) return { ok: false, problems };
  scenarios.sort((a, b) => (a.provenance === b.provenance ? a.id.localeCompare(b.id) : a.provenance === 'documented' ? -1 : 1));
  return { ok: true, value: scenarios };
}

function fail(file: string, message: string, fix: string): Loaded<Scenario[]> {
  return { ok: false, problems: [{ file, place: undefined, field: '', message, fix }] };
}
