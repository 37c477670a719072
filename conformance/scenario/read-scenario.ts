import type { Catalogue } from '../../src/contract';
import { jsonObjectOverhead } from '../bodies/body-generators';
import type { FieldReader } from './field-reader';
import { isPlaceholderName, placeholderNames, placeholdersIn } from './placeholders';
import {
  bodyGeneratorNames,
  type BodyExpectation,
  type BodyPart,
  type BodySpec,
  type PrismHint,
  type Scenario,
  type ScenarioExpectation,
  type ScenarioRequest,
} from './scenario';

const topFields = ['summary', 'provenance', 'source', 'runsAction', 'request', 'expect', 'live', 'prism'] as const;
const sentence = /^Given .+, when .+, then .+\.$/s;
const methodToken = /^[A-Z]+$/;
const maxCharacters = 10_000_000;

/** Turns one parsed scenario file into a Scenario, or records its problems on the reader. */
export function readScenario(id: string, value: unknown, read: FieldReader, catalogue: Catalogue): Scenario | undefined {
  const top = read.object(value, [], topFields, 'a scenario file is a mapping with summary, provenance, source, runsAction, request, expect, prism');
  if (!top) return undefined;
  if (Object.keys(top)[0] !== 'summary') {
    read.problem([], 'the file must open with its Given/When/Then sentence', "make 'summary: Given ..., when ..., then ....' the first field");
  }
  const summary = read.string(top.summary, ['summary'], "one sentence: 'Given <state>, when <request>, then <answer>.'");
  if (summary !== undefined && !sentence.test(summary)) {
    read.problem(['summary'], 'is not one Given/When/Then sentence', "write 'Given <state>, when <request>, then <answer>.' (capital G, commas before when and then, a final full stop)");
  }
  const provenance = read.oneOf(top.provenance, ['provenance'], ['documented', 'inferred'] as const);
  const source = read.string(top.source, ['source'], 'name the vendor page scenario, or the inference (e.g. docs/decisions.md #6)');
  const runsAction = read.boolean(top.runsAction, ['runsAction'], 'true when the expected answer runs the Action (a record is created), else false');
  const request = readRequest(top.request, read);
  const expect = readExpect(top.expect, ['expect'], read, catalogue);
  const live = top.live === undefined ? undefined : readLive(top.live, read, catalogue, expect?.status);
  if (live && provenance === 'inferred') {
    read.problem(['live'], 'only a documented scenario has a live section', 'remove it: the live profile reports inferred scenarios as observations');
  }
  const prism = readPrism(top.prism, read, catalogue);
  if (expect && runsAction !== undefined && runsAction !== (expect.status >= 200 && expect.status < 300)) {
    read.problem(['runsAction'], `is ${String(runsAction)} but the expected status is ${expect.status}`, 'the Action runs exactly when the answer is a success (2xx)');
  }

  if (summary === undefined || provenance === undefined || source === undefined || runsAction === undefined || !request || !expect || !prism) return undefined;
  return { id, file: read.file, summary, provenance, source, runsAction, request, expect, live, prism };
}

function readRequest(value: unknown, read: FieldReader): ScenarioRequest | undefined {
  const fix = 'request: { method: POST, query: "extension={extension}", headers: {...}, body: {...} }';
  const request = read.object(value, ['request'], ['method', 'query', 'headers', 'body'], fix);
  if (!request) return undefined;
  const method = read.string(request.method, ['request', 'method'], 'an HTTP method in capitals, e.g. POST');
  if (method !== undefined && !methodToken.test(method)) read.problem(['request', 'method'], `'${method}' is not an HTTP method in capitals`, 'write e.g. POST, GET, PUT');
  const query = request.query === undefined ? '' : read.string(request.query, ['request', 'query'], "the query string without '?', e.g. extension={extension}; '' or no field sends none", { allowEmpty: true });
  if (query !== undefined) {
    if (query.startsWith('?')) read.problem(['request', 'query'], "starts with '?'", "drop the '?': the runner adds it");
    checkPlaceholders(query, ['request', 'query'], read);
  }
  const headers: Record<string, string> = {};
  if (request.headers !== undefined) {
    const raw = read.object(request.headers, ['request', 'headers'], Object.keys(request.headers ?? {}), 'a mapping of header name to value');
    for (const [name, headerValue] of Object.entries(raw ?? {})) {
      if (!/^[A-Za-z0-9-]+$/.test(name)) read.problem(['request', 'headers', name], `'${name}' is not a header name`, 'use letters, digits and hyphens');
      const text = read.string(headerValue, ['request', 'headers', name], 'a header value as text (quote it)', { allowEmpty: true });
      if (text !== undefined) {
        checkPlaceholders(text, ['request', 'headers', name], read);
        headers[name] = text;
      }
    }
  }
  const body = readBody(request.body, read);
  if (method === undefined || query === undefined || !body) return undefined;
  return { method, query, headers, body };
}

function checkPlaceholders(text: string, fieldPath: string[], read: FieldReader): void {
  for (const name of placeholdersIn(text)) {
    if (!isPlaceholderName(name)) read.problem(fieldPath, `unknown placeholder {${name}}`, `use one of: ${placeholderNames.map((known) => `{${known}}`).join(', ')}`);
  }
}

function readBody(value: unknown, read: FieldReader): BodySpec | undefined {
  const where = ['request', 'body'];
  if (value === undefined) return { kind: 'none' };
  const fix = "one of: { text: '...' }, { parts: [ { text: '...' }, { hex: 'ff fe' } ] }, { generate: json-object, characters: 100000, fill: 'é' }";
  const body = read.object(value, where, ['text', 'parts', 'generate', 'characters', 'fill'], fix);
  if (!body) return undefined;
  const forms = ['text', 'parts', 'generate'].filter((key) => body[key] !== undefined);
  if (forms.length !== 1) {
    read.problem(where, forms.length === 0 ? 'says nothing to send' : `mixes ${forms.join(' and ')}`, fix);
    return undefined;
  }
  if (body.text !== undefined) {
    const text = read.string(body.text, [...where, 'text'], 'the body as text', { allowEmpty: true });
    return text === undefined ? undefined : { kind: 'text', text };
  }
  if (body.parts !== undefined) return readParts(body.parts, read);
  const generator = read.oneOf(body.generate, [...where, 'generate'], bodyGeneratorNames);
  const characters = read.integer(body.characters, [...where, 'characters'], 1, maxCharacters, 'how many characters (UTF-16 code units) the whole body has, e.g. 100000');
  const fill = read.string(body.fill, [...where, 'fill'], "the character to repeat, e.g. 'a', 'é' or '😀'");
  if (generator === undefined || characters === undefined || fill === undefined) return undefined;
  if (generator === 'json-object') {
    if (/["\\\u0000-\u001f]/.test(fill)) {
      read.problem([...where, 'fill'], 'needs escaping inside a JSON string, which would change the count', 'use a character that JSON carries as is');
      return undefined;
    }
    if (characters < jsonObjectOverhead + fill.length) {
      read.problem([...where, 'characters'], `is less than the JSON frame ({"Subject":""} is ${jsonObjectOverhead}) plus one fill`, `use at least ${jsonObjectOverhead + fill.length}`);
      return undefined;
    }
  }
  return { kind: 'generate', generator, characters, fill };
}

function readParts(value: unknown, read: FieldReader): BodySpec | undefined {
  const where = ['request', 'body', 'parts'];
  if (!Array.isArray(value) || value.length === 0) {
    read.problem(where, 'must be a non-empty list', "a list of { text: '...' } and { hex: 'ff fe' } items, sent one after the other");
    return undefined;
  }
  const parts: BodyPart[] = [];
  value.forEach((item: unknown, index) => {
    const part = read.object(item, [...where, index], ['text', 'hex'], "each item is { text: '...' } or { hex: 'c3 28' }");
    if (!part) return;
    if (typeof part.hex === 'string' && part.text === undefined) {
      if (!/^([0-9a-fA-F]{2}\s*)+$/.test(part.hex)) read.problem([...where, index, 'hex'], 'is not a list of hex bytes', "write bytes as pairs of hex digits, e.g. 'ff fe'");
      else parts.push({ hex: part.hex });
    } else if (typeof part.text === 'string' && part.hex === undefined) {
      parts.push({ text: part.text });
    } else {
      read.problem([...where, index], 'must hold exactly one of text or hex', "each item is { text: '...' } or { hex: 'c3 28' }");
    }
  });
  return parts.length === value.length ? { kind: 'parts', parts } : undefined;
}

function readExpect(value: unknown, where: string[], read: FieldReader, catalogue: Catalogue): ScenarioExpectation | undefined {
  const expect = read.object(value, where, ['status', 'body'], 'expect: { status: 400, body: { example: NAME } }');
  if (!expect) return undefined;
  const status = read.integer(expect.status, [...where, 'status'], 100, 599, 'the HTTP status the reference answers, e.g. 400');
  const body = readBodyExpectation(expect.body, [...where, 'body'], read, catalogue, status);
  return status === undefined || !body ? undefined : { status, body };
}

function readLive(value: unknown, read: FieldReader, catalogue: Catalogue, status: number | undefined): { body: BodyExpectation } | undefined {
  const live = read.object(value, ['live'], ['body'], 'live: { body: { oneOf: [NAME, NAME] } } (what a live tenant may answer instead)');
  if (!live) return undefined;
  const body = readBodyExpectation(live.body, ['live', 'body'], read, catalogue, status);
  return body ? { body } : undefined;
}

function readBodyExpectation(value: unknown, where: string[], read: FieldReader, catalogue: Catalogue, status: number | undefined): BodyExpectation | undefined {
  const fix = 'one of: { example: NAME }, { oneOf: [NAME, NAME] }, schema-only, any';
  if (value === 'schema-only' || value === 'any') return { kind: value };
  const body = read.object(value, where, ['example', 'oneOf'], fix);
  if (!body) return undefined;
  let names: string[] | undefined;
  if (typeof body.example === 'string' && body.oneOf === undefined) names = [body.example];
  else if (Array.isArray(body.oneOf) && body.oneOf.length >= 2 && body.oneOf.every((name) => typeof name === 'string') && body.example === undefined) names = body.oneOf as string[];
  else {
    read.problem(where, 'must name one example (example: NAME) or several (oneOf: [NAME, NAME])', fix);
    return undefined;
  }
  const field = body.example !== undefined ? 'example' : 'oneOf';
  const known = [...catalogue.answers.keys()].sort();
  let ok = true;
  for (const name of names) {
    const answer = catalogue.answers.get(name);
    if (!answer) {
      read.problem([...where, field], `'${name}' is not a named example of the spec`, `use one of: ${known.join(', ')}`);
      ok = false;
    } else if (status !== undefined && answer.status !== status) {
      read.problem([...where, field], `example '${name}' is a ${answer.status} answer, but expect.status is ${status}`, `use an example of status ${status}, or change the status`);
      ok = false;
    }
  }
  return ok ? { kind: 'examples', names } : undefined;
}

function readPrism(value: unknown, read: FieldReader, catalogue: Catalogue): PrismHint | undefined {
  const fix = "prism: { prefer: 'code=400, example=NAME' } or prism: { skip: 'why a spec mock cannot answer this' }";
  const prism = read.object(value, ['prism'], ['prefer', 'skip'], fix);
  if (!prism) return undefined;
  if (typeof prism.prefer === 'string' && prism.skip === undefined) {
    if (!/^code=\d{3}(, ?example=[A-Za-z0-9]+)?$/.test(prism.prefer)) {
      read.problem(['prism', 'prefer'], `'${prism.prefer}' is not a Prism Prefer value`, "write 'code=400, example=NAME'");
      return undefined;
    }
    const example = /example=([A-Za-z0-9]+)/.exec(prism.prefer)?.[1];
    if (example !== undefined && !catalogue.answers.has(example)) {
      read.problem(['prism', 'prefer'], `'${example}' is not a named example of the spec`, `use one of: ${[...catalogue.answers.keys()].sort().join(', ')}`);
      return undefined;
    }
    return { kind: 'prefer', prefer: prism.prefer };
  }
  if (typeof prism.skip === 'string' && prism.skip.trim() !== '' && prism.prefer === undefined) return { kind: 'skip', reason: prism.skip };
  read.problem(['prism'], 'must hold exactly one of prefer or skip', fix);
  return undefined;
}
