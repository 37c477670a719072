import fs from 'node:fs';
import path from 'node:path';
import { packageRoot, type Catalogue } from '../../src/contract';
import {
  type Checked,
  compileDataSchema,
  type DataFileProblem,
  type DataFileRules,
  type FieldPath,
  fileProblem,
  loadYamlFile,
  type ParsedYaml,
  validateData,
} from '../../src/data-file';
import { jsonObjectOverhead } from './body-generators';
import { isPlaceholderName, placeholderNames, placeholdersIn } from './placeholders';
import { type BodyExpectation, type BodySpec, type PrismHint, type Scenario, scenarioSchema } from './scenario';

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

/** A scenario file as its schema guarantees it. */
interface ScenarioFile {
  summary: string;
  provenance: Scenario['provenance'];
  source: string;
  runsAction: boolean;
  request: { method: string; query?: string; path?: string; headers?: Record<string, string>; body?: BodyFields };
  expect: { status: number; body: BodyExpectationField };
  live?: { body: BodyExpectationField };
  prism: { prefer?: string; skip?: string };
}
type BodyFields = {
  text?: string;
  parts?: ({ text: string } | { hex: string })[];
  generate?: 'json-object' | 'repeat';
  characters?: number;
  fill?: string;
  last?: string;
};
type BodyExpectationField = 'schema-only' | 'any' | { example?: string; oneOf?: string[] };

/**
 * Turns one parsed scenario file into a Scenario: its schema first, then the rules across fields
 * and against the spec's catalogue of named answers. Every problem is reported, not just the first.
 */
export function readScenario(id: string, parsed: ParsedYaml, catalogue: Catalogue): { scenario?: Scenario; problems: DataFileProblem[] } {
  const schemaProblems = validateData(compileDataSchema(scenarioSchema), parsed);
  if (schemaProblems.length > 0) return { problems: schemaProblems };
  const file = parsed.data as ScenarioFile;
  const problems: DataFileProblem[] = [];
  const problem = (at: FieldPath, message: string, fix: string): void => {
    problems.push(parsed.problem(at, message, fix));
  };

  if (Object.keys(file)[0] !== 'summary')
    problem([], 'the file must open with its Given/When/Then sentence', "make 'summary: Given ..., when ..., then ....' the first field");
  const query = file.request.query ?? '';
  const headers = file.request.headers ?? {};
  for (const [text, at] of [
    [query, ['request', 'query']],
    ...Object.entries(headers).map(([name, value]) => [value, ['request', 'headers', name]] as const),
  ] as const) {
    for (const name of placeholdersIn(text)) {
      if (!isPlaceholderName(name))
        problem(at, `unknown placeholder {${name}}`, `use one of: ${placeholderNames.map((known) => `{${known}}`).join(', ')}`);
    }
  }
  const body = bodyOf(file.request.body, problem);
  const status = file.expect.status;
  const expectBody = examplesOf(file.expect.body, ['expect', 'body'], status, catalogue, problem);
  const liveBody = file.live && examplesOf(file.live.body, ['live', 'body'], status, catalogue, problem);
  if (file.live && file.provenance === 'inferred')
    problem(
      ['live'],
      'only a documented scenario has a live section',
      'remove it: the live profile reports inferred scenarios as observations',
    );
  const prism = prismOf(file.prism, catalogue, problem);
  if (file.runsAction !== (status >= 200 && status < 300)) {
    problem(
      ['runsAction'],
      `is ${String(file.runsAction)} but the expected status is ${status}`,
      'the Action runs exactly when the answer is a success (2xx)',
    );
  }
  if (problems.length > 0 || !body || !expectBody || !prism || (file.live && !liveBody)) return { problems };
  const request = { method: file.request.method, query, path: file.request.path, headers, body };
  const live = liveBody ? { body: liveBody } : undefined;
  const scenario: Scenario = {
    id,
    file: parsed.file,
    summary: file.summary,
    provenance: file.provenance,
    source: file.source,
    runsAction: file.runsAction,
    request,
    expect: { status, body: expectBody },
    live,
    prism,
  };
  return { scenario, problems };
}

type Report = (at: FieldPath, message: string, fix: string) => void;

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters need escaping in a JSON string
const needsEscaping = /["\\\u0000-\u001f]/;

function bodyOf(body: BodyFields | undefined, problem: Report): BodySpec | undefined {
  const where = ['request', 'body'];
  if (body === undefined) return { kind: 'none' };
  const fix = "write one of: { text: '...' }, { parts: [...] }, { generate: json-object, characters: 100000, fill: 'é' }";
  const forms = (['text', 'parts', 'generate'] as const).filter((key) => body[key] !== undefined);
  if (forms.length !== 1) {
    problem(where, forms.length === 0 ? 'says nothing to send' : `mixes ${forms.join(' and ')}`, fix);
    return undefined;
  }
  if (body.text !== undefined) return { kind: 'text', text: body.text };
  if (body.parts !== undefined) return { kind: 'parts', parts: body.parts };
  const { generate, characters, fill, last } = body;
  if (generate === undefined || characters === undefined || fill === undefined) {
    problem(where, 'a generated body needs generate, characters and fill', fix);
    return undefined;
  }
  if (generate === 'json-object') {
    if (needsEscaping.test(fill + (last ?? ''))) {
      problem(
        [...where, last !== undefined && needsEscaping.test(last) ? 'last' : 'fill'],
        'needs escaping inside a JSON string, which would change the count',
        'use a character that JSON carries as is',
      );
      return undefined;
    }
    const least = jsonObjectOverhead + fill.length + (last?.length ?? 0);
    if (characters < least) {
      problem(
        [...where, 'characters'],
        `is less than the JSON frame ({"Subject":""} is ${jsonObjectOverhead}) plus one fill${last !== undefined ? ' and last' : ''}`,
        `use at least ${least}`,
      );
      return undefined;
    }
  }
  return { kind: 'generate', generator: generate, characters, fill, last: last ?? '' };
}

function examplesOf(
  body: BodyExpectationField,
  where: FieldPath,
  status: number,
  catalogue: Catalogue,
  problem: Report,
): BodyExpectation | undefined {
  if (body === 'schema-only' || body === 'any') return { kind: body };
  const field = body.example !== undefined ? 'example' : 'oneOf';
  const names = body.example !== undefined ? [body.example] : (body.oneOf ?? []);
  const known = [...catalogue.answers.keys()].sort();
  let ok = true;
  for (const name of names) {
    const answer = catalogue.answers.get(name);
    if (!answer) problem([...where, field], `'${name}' is not a named example of the spec`, `use one of: ${known.join(', ')}`);
    // A simulated answer is a fault the reference tenant injects on request, never a tenant's behaviour.
    else if (answer.provenance === 'simulated')
      problem(
        [...where, field],
        `example '${name}' is simulated (a fault the reference tenant injects), not a tenant's answer`,
        'expect a documented or inferred example',
      );
    else if (answer.status !== status)
      problem(
        [...where, field],
        `example '${name}' is a ${answer.status} answer, but expect.status is ${status}`,
        `use an example of status ${status}, or change the status`,
      );
    ok &&= answer?.status === status && answer.provenance !== 'simulated';
  }
  return ok ? { kind: 'examples', names } : undefined;
}

function prismOf(prism: ScenarioFile['prism'], catalogue: Catalogue, problem: Report): PrismHint | undefined {
  if (prism.skip !== undefined) return { kind: 'skip', reason: prism.skip };
  const prefer = prism.prefer ?? '';
  const example = /example=([A-Za-z0-9]+)/.exec(prefer)?.[1];
  if (example !== undefined && !catalogue.answers.has(example)) {
    problem(
      ['prism', 'prefer'],
      `'${example}' is not a named example of the spec`,
      `use one of: ${[...catalogue.answers.keys()].sort().join(', ')}`,
    );
    return undefined;
  }
  return { kind: 'prefer', prefer };
}
