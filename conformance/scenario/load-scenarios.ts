import fs from 'node:fs';
import path from 'node:path';
import { packageRoot, type Catalogue } from '../../src/contract';
import { type Checked, type DataFileProblem, type DataFileRules, fileProblem, loadYamlFile } from '../../src/data-file';
import { readScenario } from './read-scenario';
import type { Scenario } from './scenario';

/** Where the bundled scenarios live, found from the package root (never the cwd). */
export const defaultScenariosDir = (): string => path.join(packageRoot(), 'fixtures', 'scenarios');

const extensions = ['.yaml', '.yml', '.json'];
const idPattern = /^[a-z0-9]+(-[a-z0-9]+)*$/;
/** A scenario file is a screenful; the bundled suite has 54 of them. */
const scenarioFileRules: DataFileRules = {
  maxBytes: 64 * 1024,
  what: 'the scenario file',
  fixPath: 'point --scenarios at a folder of scenario files',
};
const maxScenarioFiles = 1_000;

/**
 * Loads every scenario file of a folder, documented ones first, then by ID. Any problem in any file
 * fails the whole load, with every problem listed (file, place, fix): a suite must not run with a
 * scenario silently left out.
 */
export function loadScenarios(dir: string, catalogue: Catalogue): Checked<Scenario[]> {
  let names: string[];
  try {
    names = fs
      .readdirSync(dir)
      .filter((name) => extensions.includes(path.extname(name)))
      .sort();
  } catch (error) {
    return fail(
      dir,
      `cannot read the folder (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`,
      'point --scenarios at a folder of scenario files',
    );
  }
  if (names.length === 0)
    return fail(dir, 'holds no scenario file (.yaml, .yml or .json)', 'add scenario files, or point --scenarios at the right folder');
  if (names.length > maxScenarioFiles)
    return fail(dir, `holds ${names.length} scenario files, more than ${maxScenarioFiles}`, 'point --scenarios at the folder of one suite');

  const problems: DataFileProblem[] = [];
  const scenarios: Scenario[] = [];
  const seen = new Map<string, string>();
  for (const name of names) {
    const file = path.join(dir, name);
    const id = path.basename(name, path.extname(name));
    if (!idPattern.test(id)) {
      problems.push(
        fileProblem(
          file,
          `'${id}' is not a scenario ID`,
          'name the file in lower-case kebab-case after the behaviour, e.g. missing-extension.yaml',
        ),
      );
      continue;
    }
    const twin = seen.get(id);
    if (twin) {
      problems.push(fileProblem(file, `scenario ID '${id}' is also used by ${twin}`, 'keep one file per scenario ID'));
      continue;
    }
    seen.set(id, name);
    const parsed = loadYamlFile(file, scenarioFileRules);
    if (!parsed.ok) {
      problems.push(...parsed.problems);
      continue;
    }
    const read = readScenario(id, parsed.value, catalogue);
    problems.push(...read.problems);
    if (read.scenario) scenarios.push(read.scenario);
  }
  if (problems.length > 0) return { ok: false, problems };
  scenarios.sort((a, b) => (a.provenance === b.provenance ? a.id.localeCompare(b.id) : a.provenance === 'documented' ? -1 : 1));
  return { ok: true, value: scenarios };
}

function fail(file: string, message: string, fix: string): Checked<Scenario[]> {
  return { ok: false, problems: [fileProblem(file, message, fix)] };
}
