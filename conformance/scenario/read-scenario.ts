import type { Catalogue } from '../../src/contract';
import { compileDataSchema, type DataFileProblem, type FieldPath, type ParsedYaml, validateData } from '../../src/data-file';
import { jsonObjectOverhead } from './body-generators';
import { isPlaceholderName, placeholderNames, placeholdersIn } from './placeholders';
import type { BodyExpectation, BodySpec, PrismHint, Scenario } from './scenario';
import { scenarioSchema } from './scenario-schema';

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
