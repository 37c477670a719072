import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadContract } from '../../src/contract';
import { defaultScenariosDir, loadScenarios, type Scenario } from '../../conformance';
import { formatProblems } from '../../src/data-file';
import { runCli } from './helpers/run-cli';

const { catalogue } = loadContract();
const loaded = loadScenarios(defaultScenariosDir(), catalogue);
const scenarios: Scenario[] = loaded.ok ? loaded.value : [];

test('every bundled scenario file loads', () => {
  expect(loaded.ok ? [] : formatProblems(loaded.problems)).toEqual([]);
});

const documented = [
  'non-existent-webhook',
  'missing-extension',
  'incorrect-api-key',
  'deactivated-api-key',
  'body-over-limit',
  'mistyped-extension',
  'execute-configured-webhook',
  'body-at-limit',
  'body-at-limit-two-byte-characters',
  'extension-other-letter-case',
  'no-authorization-header',
];
const inferred = [
  'empty-extension',
  'session-id-authorization',
  'bearer-authorization',
  'bare-key-authorization',
  'astral-characters-at-limit',
  'method-get-not-allowed',
  'method-put-not-allowed',
  'method-patch-not-allowed',
  'method-delete-not-allowed',
  'json-content-type-with-xml-body',
  'xml-content-type-with-json-body',
  'json-not-an-object',
  'invalid-json',
  'invalid-xml',
  'invalid-utf8',
];

test.each([...documented.map((id) => [id, 'documented']), ...inferred.map((id) => [id, 'inferred'])])(
  'the suite has the scenario %s (%s)',
  (id, provenance) => {
    expect(scenarios.find((scenario) => scenario.id === id)?.provenance).toBe(provenance);
  },
);

test("the seed scenarios use the seed's literal extensions", () => {
  const query = (id: string): string | undefined => scenarios.find((scenario) => scenario.id === id)?.request.query;
  expect(query('non-existent-webhook')).toBe('extension=NonExistentWebhook');
  expect(query('mistyped-extension')).toBe('extension=blahblahWebhook');
  expect(query('missing-extension')).toBe('');
});

test('only scenarios answered with a success run the Action', () => {
  for (const scenario of scenarios) expect([scenario.id, scenario.runsAction]).toEqual([scenario.id, scenario.expect.status === 200]);
});

test('an unknown extension may get either documented message in the live profile, and only there', () => {
  const lenient = scenarios
    .filter((scenario) => scenario.live?.body.kind === 'examples')
    .map((scenario) => scenario.id)
    .sort();
  expect(lenient).toEqual(['extension-other-letter-case', 'mistyped-extension', 'non-existent-webhook']);
});

const valid = fs.readFileSync(path.join(defaultScenariosDir(), 'missing-extension.yaml'), 'utf8');

test.each([
  [
    'an unknown field',
    (text: string) => text.replace('expect:', 'expct:'),
    'missing-extension.yaml:13:1: expct: unknown field',
    'remove it, or use one of',
  ],
  [
    'a summary that is not first',
    (text: string) => `provenance: documented\n${text.replace('provenance: documented\n', '')}`,
    'the file must open with its Given/When/Then sentence',
    "make 'summary: Given",
  ],
  [
    'a summary that is not Given/When/Then',
    (text: string) => text.replace(/^summary: .*$/m, "summary: 'Missing extension gives 400.'"),
    'summary: must be one Given/When/Then sentence',
    "write 'Given <state>",
  ],
  [
    'an example the spec does not have',
    (text: string) => text.replace('example: missingExtension', 'example: missingExtensoin'),
    "expect.body.example: 'missingExtensoin' is not a named example of the spec",
    'use one of: bodyTooLong',
  ],
  [
    'an example of another status',
    (text: string) => text.replace('example: missingExtension', 'example: invalidApiKey'),
    "example 'invalidApiKey' is a 401 answer, but expect.status is 400",
    'use an example of status 400',
  ],
  [
    'an injected fault expected of a tenant',
    (text: string) => text.replace('example: missingExtension', 'example: tooManyRequests').replace('status: 400', 'status: 429'),
    "example 'tooManyRequests' is simulated (a fault the reference tenant injects), not a tenant's answer",
    'expect a documented or inferred example',
  ],
  [
    'an unknown placeholder',
    (text: string) => text.replace('{api-key}', '{apikey}'),
    'request.headers.Authorization: unknown placeholder {apikey}',
    'use one of: {api-key}',
  ],
  [
    'a YAML syntax error',
    (text: string) => text.replace('  status: 400', '  status: [400'),
    'missing-extension.yaml:15:3: YAML syntax error: Flow sequence in block collection',
    'indent this line like the other entries of its block',
  ],
  [
    'a Prefer that is not one',
    (text: string) => text.replace("prefer: 'code=400, example=missingExtension'", "prefer: 'example missingExtension'"),
    'prism.prefer: must be a Prism Prefer value',
    "write 'code=400, example=NAME'",
  ],
  [
    'a side effect on a refusal',
    (text: string) => text.replace('runsAction: false', 'runsAction: true'),
    'runsAction: is true but the expected status is 400',
    'the Action runs exactly when',
  ],
  [
    'a body generator that cannot be exact',
    (text: string) => text.replace(/ {2}body:\n {4}text: .*\n/, "  body:\n    generate: json-object\n    characters: 5\n    fill: 'a'\n"),
    'request.body.characters: is less than the JSON frame',
    'use at least 15',
  ],
  [
    'a status out of range',
    (text: string) => text.replace('status: 400', 'status: 4000'),
    'expect.status: must be a whole number from 100 to 599, got number 4000',
    'give the HTTP status',
  ],
])('a broken scenario file is refused with file, place and fix: %s', async (_label, breakIt, message, fix) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scenarios-'));
  try {
    fs.writeFileSync(path.join(dir, 'missing-extension.yaml'), breakIt(valid));
    const result = loadScenarios(dir, catalogue);
    expect(result.ok).toBe(false);
    const text = result.ok ? '' : formatProblems(result.problems, dir);
    expect(text).toContain(message);
    expect(text).toMatch(/^missing-extension\.yaml(:\d+:\d+)?: /m);
    expect(text).toContain(`fix: ${fix}`);
    const run = await runCli(['conform', '--scenarios', dir]);
    expect(run.code).toBe(2);
    expect(run.err).toContain('the scenarios do not load');
    expect(run.err).toContain(path.join(dir, 'missing-extension.yaml'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a scenario file named against the rules is refused', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scenarios-'));
  try {
    fs.writeFileSync(path.join(dir, 'Missing_Extension.yaml'), valid);
    const result = loadScenarios(dir, catalogue);
    expect(result.ok ? '' : formatProblems(result.problems, dir)).toContain(
      "Missing_Extension.yaml: 'Missing_Extension' is not a scenario ID\n  fix: name the file in lower-case kebab-case",
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
