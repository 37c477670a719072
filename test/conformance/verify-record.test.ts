/**
 * `conform --verify-record`: against the embedded reference (found; mapped wrong on purpose; not
 * found), against a stand-in written apart with another OData implementation (field order,
 * annotations, a 500 on $metadata, a slow index), and its usage errors.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { odataStandInKey, startODataStandIn } from './helpers/odata-stand-in';
import { runCli } from './helpers/run-cli';
import type { BuiltRequest } from '../../conformance/targets/build-request';
import type { Scenario } from '../../conformance/scenario/scenario';
import { markerOnlyMapping, markerOnlyXmlMapping } from '../../conformance/verify-record/record-mapping';
import { markRequest } from '../../conformance/verify-record/verify-record';
import { startTenant } from '../helpers/tenant';

interface JsonReport {
  verdict: string;
  results: {
    id: string;
    outcome: string;
    record?: string;
    curl?: string;
    failures: { check: string; message: string; expected: string; actual: string }[];
  }[];
}

const only = ['--only', 'execute-configured-webhook', '--reporter', 'json'];
const report = (out: string) => JSON.parse(out) as JsonReport;

function mappingFile(text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-record-'));
  const file = path.join(dir, 'mapping.yaml');
  fs.writeFileSync(file, text);
  return file;
}

describe('against the embedded reference tenant', () => {
  test('the tenant file mapping applies: the record is found and its four mapped fields are as expected', async () => {
    const run = await runCli(['conform', '--verify-record', ...only]);
    expect(run.code).toBe(0);
    const [result] = report(run.out).results;
    expect(result?.outcome).toBe('passed');
    expect(result?.record).toMatch(
      /record verified: Incident [0-9A-F]{32} holds marker ismwh-[a-z0-9]+-01, 4 mapped field\(s\) as expected \(the Action 'Create Incident from JSON' of the tenant file\)/,
    );
  });

  test('the console says what was found under the line of the scenario', async () => {
    const run = await runCli(['conform', '--verify-record', '--only', 'execute-configured-webhook']);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(
      /\] passed +execute-configured-webhook \(documented\) \d+ ms\n {6}record verified: Incident [0-9A-F]{32} holds marker/,
    );
  });

  test('a mapping wrong on purpose: found, with the field that differs, expected against actual', async () => {
    const file = mappingFile('businessObject: Incident\nfields:\n  Subject: /Subject\n  Symptom: /Priority\n');
    const run = await runCli(['conform', '--verify-record', '--record-mapping', file, ...only]);
    expect(run.code).toBe(1);
    const [result] = report(run.out).results;
    expect(result?.outcome).toBe('failed');
    // The reproduce line sends the marked body, as the run did.
    expect(result?.curl).toMatch(/--data-binary '\{"Subject":"ismwh-[a-z0-9]+-01 ism-webhooks conformance/);
    expect(result?.failures).toEqual([
      expect.objectContaining({
        check: 'record',
        expected: '3',
        actual: '',
        message: expect.stringContaining('holds field Symptom other than the mapping says'),
      }),
    ]);
  });

  test('a declared mapping covers the JSON webhook: the XML scenario says it has none', async () => {
    const run = await runCli([
      'conform',
      '--verify-record',
      '--record-object',
      'Incident',
      '--record-field',
      'Subject=/Subject',
      '--only',
      'execute-xml-webhook',
      '--reporter',
      'json',
    ]);
    expect(run.code).toBe(0);
    expect(report(run.out).results[0]?.record).toBe(
      'record not verified: no mapping for the XML webhook: a declared mapping covers --extension only',
    );
  });

  test('an XML mapping the wrong way round: the field that differs', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-record-'));
    const file = path.join(dir, 'tenant.yaml');
    const tenant = fs
      .readFileSync(path.join(__dirname, '../../fixtures/tenant.yaml'), 'utf8')
      .replace('Priority: Incident/Priority', 'Priority: Incident/Subject');
    fs.writeFileSync(file, tenant);
    const { tenant: server, url } = await startTenant({ tenantFile: file, tenant: undefined });
    try {
      const run = await runCli([
        'conform',
        '--target',
        url,
        '--profile',
        'reference',
        '--allow-side-effects',
        '--delay',
        '0',
        '--verify-record',
        '--only',
        'execute-xml-webhook',
        '--reporter',
        'json',
      ]);
      // The suite judges by the bundled tenant file's mapping; this tenant maps Priority elsewhere.
      expect(run.code).toBe(1);
      expect(report(run.out).results[0]?.failures).toEqual([
        expect.objectContaining({
          check: 'record',
          expected: '3',
          actual: expect.stringMatching(/^ismwh-\S+ ism-webhooks conformance: execute the XML webhook$/),
        }),
      ]);
    } finally {
      await server.close();
    }
  });

  test('a mapping that looks in the wrong field: not found within the wait, said so', async () => {
    const run = await runCli([
      'conform',
      '--verify-record',
      '--record-object',
      'Incident',
      '--record-field',
      'Symptom=/Subject',
      '--record-wait',
      '0',
      ...only,
    ]);
    expect(run.code).toBe(1);
    const [result] = report(run.out).results;
    expect(result?.failures).toEqual([
      expect.objectContaining({
        check: 'record',
        message: expect.stringMatching(
          /^no Incident record holds marker ismwh-\S+ after 1 read\(s\) in \d+ ms: the Action failed, or maps the body elsewhere/,
        ),
      }),
    ]);
  });

  test('a business object the tenant does not have: read-back not possible, with the fix', async () => {
    const run = await runCli(['conform', '--verify-record', '--record-object', 'Change', '--record-field', 'Subject=/Subject', ...only]);
    expect(run.code).toBe(1);
    const [result] = report(run.out).results;
    expect(result?.failures[0]?.message).toMatch(
      /^read-back not possible: the target has no business object 'changes' \(OData answered 404\); to fix: name the business object the Action inserts: --record-object NAME or businessObject in the --record-mapping file; read back: curl -sS -H "Authorization: rest_api_key=\$ISM_API_KEY" 'http:\/\/127\.0\.0\.1:\d+\/api\/odata\/businessobject\/changes\?\$filter=Subject%20eq%20'ismwh-\S+%20ism-webhooks%20conformance%3A%20execute%20the%20configured%20webhook'&\$top=10'$/,
    );
  });

  test('scenarios that run no Action are not marked; the others are, or say why they cannot carry a marker', async () => {
    const run = await runCli([
      'conform',
      '--verify-record',
      '--only',
      'execute-xml-webhook,incorrect-api-key,body-at-limit,utf8-byte-order-mark,extension-percent-encoded',
      '--reporter',
      'json',
    ]);
    expect(run.code).toBe(0);
    const results = report(run.out).results;
    // The XML webhook's body is marked inside its element, and judged by the XML Action's mapping.
    expect(results.find((each) => each.id === 'execute-xml-webhook')?.record).toMatch(
      /^record verified: Incident [0-9A-F]{32} holds marker ismwh-\S+, 3 mapped field\(s\) as expected \(the Action 'Create Incident from XML' of the tenant file\)$/,
    );
    expect(results.find((each) => each.id === 'incorrect-api-key')?.record).toBeUndefined();
    expect(results.find((each) => each.id === 'body-at-limit')?.record).toBe(
      'record not verified: its body is generated to a size, with no room for a marker',
    );
    expect(results.find((each) => each.id === 'utf8-byte-order-mark')?.record).toBe(
      'record not verified: its body is given as bytes, not as JSON text',
    );
    // Sent to the same JSON webhook, its extension percent-encoded: marked and verified.
    expect(results.find((each) => each.id === 'extension-percent-encoded')?.record).toMatch(/^record verified: /);
  });
});

test('against the reference on a port under /HEAT, profile reference: its tenant file is the mapping', async () => {
  const { tenant, url } = await startTenant({ basePath: '/HEAT' });
  try {
    const run = await runCli([
      'conform',
      '--target',
      url,
      '--profile',
      'reference',
      '--allow-side-effects',
      '--delay',
      '0',
      '--verify-record',
      ...only,
    ]);
    expect(run.code).toBe(0);
    expect(report(run.out).results[0]?.record).toContain(
      "4 mapped field(s) as expected (the Action 'Create Incident from JSON' of the tenant file)",
    );
  } finally {
    await tenant.close();
  }
});

describe('against a stand-in with another OData implementation', () => {
  const live = (url: string) => [
    'conform',
    '--target',
    url,
    '--api-key',
    odataStandInKey,
    '--allow-side-effects',
    '--delay',
    '0',
    '--verify-record',
    ...only,
  ];

  test('found on the second read, whatever the field order, annotations and the 500 on $metadata', async () => {
    const standIn = await startODataStandIn();
    try {
      const run = await runCli([
        ...live(standIn.url),
        '--record-object',
        'Incident',
        '--record-field',
        'Subject=/Subject',
        '--record-field',
        'Priority=/Priority',
      ]);
      expect(report(run.out).results[0]?.record).toMatch(
        /record verified: Incident F0{31} holds marker \S+, 2 mapped field\(s\) as expected/,
      );
      expect(run.code).toBe(0);
      expect(standIn.reads).toHaveLength(2);
      expect(standIn.reads.every((read) => read.startsWith('/api/odata/businessobject/incidents?$filter=Subject%20eq%20'))).toBe(true);
    } finally {
      await standIn.close();
    }
  });

  test('without a declared mapping: a record of Incident whose Subject holds the marker', async () => {
    const standIn = await startODataStandIn();
    try {
      const run = await runCli(live(standIn.url));
      expect(run.code).toBe(0);
      expect(report(run.out).results[0]?.record).toContain('(no mapping declared: a record of Incident whose Subject holds the marker)');
    } finally {
      await standIn.close();
    }
  });

  test('a key that may not read the object: read-back not possible, and how to fix it', async () => {
    const standIn = await startODataStandIn({ readable: false });
    try {
      const run = await runCli(live(standIn.url));
      expect(run.code).toBe(1);
      const failure = report(run.out).results[0]?.failures[0];
      expect(failure?.message).toContain(
        'read-back not possible: the key may not read Incident (OData answered 401); to fix: give the key\'s role (its "In Role" in the REST API key group) read access to Incident, or pass a key that has it; read back: curl',
      );
      expect(run.out).not.toContain(odataStandInKey);
    } finally {
      await standIn.close();
    }
  });
});

test.each([
  [['--verify-record', '--target', 'http://127.0.0.1:9', '--api-key', 'K'], '--verify-record needs --allow-side-effects'],
  [['--record-wait', '5'], '--record-mapping, --record-object, --record-field and --record-wait need --verify-record'],
  [['--verify-record', '--record-field', 'Subject=/Subject'], '--record-field needs --record-object NAME'],
  [
    ['--verify-record', '--record-object', 'Incident', '--record-field', 'Subject'],
    "--record-field must be FIELD=/json/pointer, got 'Subject'",
  ],
  [['--verify-record', '--record-wait', 'soon'], '--record-wait'],
])('usage: %j', async (args, message) => {
  const run = await runCli(['conform', ...args]);
  expect(run.code).toBe(2);
  expect(run.err).toContain(message);
});

describe('markRequest: where the marker goes', () => {
  const settings = {
    mappings: { json: markerOnlyMapping, xml: markerOnlyXmlMapping },
    waitMs: 0,
    pollMs: 0,
    baseUrl: 'http://127.0.0.1:1',
    apiKey: undefined,
    runTag: 'tag',
    maxCharacters: 100_000,
    timeoutMs: 1000,
    sleep: async () => undefined,
  };
  const scenarioOf = (text: string, xml: boolean) =>
    ({
      runsAction: true,
      expect: { status: 200 },
      request: { query: xml ? 'extension={xml-extension}' : 'extension={extension}', body: { kind: 'text', text } },
    }) as unknown as Scenario;
  const built = (text: string): BuiltRequest => ({
    wire: { method: 'POST', url: 'http://127.0.0.1:1/', headers: [], body: Buffer.from(text) },
    body: { bytes: Buffer.from(text), description: 'text' } as BuiltRequest['body'],
  });

  test.each([
    ['<Incident><SubjectLine>x</SubjectLine><Subject>y</Subject></Incident>', true, { markedValue: 'ismwh-tag-01 y' }],
    ['<Incident a="1"><Subject lang="en">y</Subject></Incident>', true, { markedValue: 'ismwh-tag-01 y' }],
    ['<Incident><Subject/></Incident>', true, { unmarked: 'its body has no element Subject on the path Incident/Subject' }],
    ['<Other><Subject>y</Subject></Other>', true, { unmarked: 'its body has no element Incident on the path Incident/Subject' }],
    ['{"Subject":5}', false, { markedValue: 'ismwh-tag-01' }],
    ['{"Subject":"it\'s"}', false, { markedValue: "ismwh-tag-01 it's" }],
    ['[1]', false, { unmarked: 'its body is not a JSON object' }],
  ])('%s', (text, xml, want) => {
    const marking = markRequest(scenarioOf(text, xml), built(text), 1, settings);
    if ('unmarked' in want) expect(marking).toEqual(want);
    else expect(marking && 'marked' in marking ? marking.marked.markedValue : marking).toBe(want.markedValue);
  });
});
