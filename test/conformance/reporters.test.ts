import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { loadContract } from '../../src/contract';
import { defaultScenariosDir, loadScenarios, type RunReport } from '../../conformance';
import { documentedFaults } from './helpers/faults';
import { runCli } from './helpers/run-cli';
import { standInKeys, startStandIn } from './helpers/stand-in';

const contract = loadContract();
const loaded = loadScenarios(defaultScenariosDir(), contract.catalogue);
const scenarioCount = loaded.ok ? loaded.value.length : 0;
const env = { ISM_API_KEY: standInKeys.apiKey, ISM_DEACTIVATED_API_KEY: standInKeys.deactivatedApiKey };
const echoing = documentedFaults.find((fault) => fault.name === 'the key echoed back in a response header');
const pretty = documentedFaults.find((fault) => fault.name === 'the 401 body pretty-printed as the vendor page shows it');

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'conform-reporters-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

interface Outputs {
  code: number;
  out: string;
  err: string;
  junit: string;
  json: string;
}

async function runAll(behaviour = pretty?.behaviour, extra: string[] = []): Promise<Outputs> {
  const standIn = await startStandIn(contract, behaviour);
  try {
    const junit = path.join(dir, 'reports', 'conformance.xml');
    const json = path.join(dir, 'reports', 'conformance.json');
    const run = await runCli(
      [
        'conform',
        '--target',
        `${standIn.baseUrl}/`,
        '--allow-side-effects',
        '--delay',
        '0',
        '--reporter',
        'console',
        '--reporter',
        'junit,json',
        '--output',
        junit,
        '--output',
        json,
        ...extra,
      ],
      env,
    );
    return { ...run, junit: fs.readFileSync(junit, 'utf8'), json: fs.readFileSync(json, 'utf8') };
  } finally {
    await standIn.close();
  }
}

test('JUnit XML is well-formed and counts what the console counts (Jenkins/GitLab shape)', async () => {
  const run = await runAll(pretty?.behaviour, ['--skip', 'body-at-limit']);
  expect(run.code).toBe(1);
  expect(XMLValidator.validate(run.junit)).toBe(true);
  const doc = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name),
  }).parse(run.junit) as {
    testsuites: {
      tests: string;
      failures: string;
      skipped: string;
      errors: string;
      testsuite: {
        name: string;
        tests: string;
        failures: string;
        timestamp: string;
        testcase: { classname: string; name: string; time: string; failure?: { message: string; type: string; '#text': string } }[];
      }[];
    };
  };
  const report = JSON.parse(run.json) as RunReport;
  expect(Number(doc.testsuites.tests)).toBe(report.results.length);
  expect(Number(doc.testsuites.failures)).toBe(report.summary.failed);
  expect(Number(doc.testsuites.skipped)).toBe(report.summary.skipped);
  expect(doc.testsuites.testsuite.map((suite) => suite.name)).toEqual(['conformance.documented', 'conformance.inferred']);
  const cases = doc.testsuites.testsuite.flatMap((suite) => suite.testcase);
  expect(cases).toHaveLength(scenarioCount - 1);
  for (const suite of doc.testsuites.testsuite) expect(suite.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
  const failed = cases.find((testcase) => testcase.name === 'incorrect-api-key');
  expect(failed?.classname).toBe('conformance.documented');
  expect(failed?.failure?.type).toBe('exact-body');
  expect(failed?.failure?.['#text']).toMatch(/reproduce: curl /);
  expect(report.results.map((result) => result.id)).not.toContain('body-at-limit');
  expect(run.out).toMatch(
    new RegExp(`\\n${report.summary.passed} passed, ${report.summary.failed} failed, ${report.summary.skipped} skipped\\n$`),
  );
});

test('the JSON report holds every result, the closing line and the verdict', async () => {
  const run = await runAll();
  const report = JSON.parse(run.json) as RunReport & { closingLine: string };
  expect(report.results).toHaveLength(scenarioCount);
  expect(report.verdict).toBe('failed');
  expect(report.closingLine).toBe(`${report.summary.passed} passed, ${report.summary.failed} failed, ${report.summary.skipped} skipped`);
  const failed = report.results.find((result) => result.id === 'incorrect-api-key');
  expect(failed?.failures[0]).toEqual(
    expect.objectContaining({ check: 'exact-body', expected: expect.any(String), actual: expect.any(String) }),
  );
  expect(failed?.curl).toContain(`'Authorization: rest_api_key=C0FFEE00C0FFEE00C0FFEE00C0FFEE00'`);
  expect(report.results.find((result) => result.id === 'missing-extension')?.curl).toContain('"Authorization: rest_api_key=$ISM_API_KEY"');
});

test('keys are redacted in every output: console, JUnit, JSON, curl lines, echoed answers', async () => {
  const run = await runAll(echoing?.behaviour, ['--strict']);
  expect(run.code).toBe(1);
  for (const [name, text] of Object.entries({ out: run.out, err: run.err, junit: run.junit, json: run.json })) {
    for (const key of Object.values(standInKeys)) expect({ name, leaked: text.includes(key) }).toEqual({ name, leaked: false });
  }
  expect(run.out).toContain('"Authorization: rest_api_key=$ISM_API_KEY"');
  expect(run.out).toContain('"Authorization: rest_api_key=$ISM_DEACTIVATED_API_KEY"');
  expect(run.out).toContain('"Authorization: Bearer $ISM_API_KEY"');
  expect(run.out).toContain('key-not-echoed: the answer echoes $ISM_API_KEY back');
});

test('a file reporter without --output writes to stdout and the console moves to stderr', async () => {
  const standIn = await startStandIn(contract);
  try {
    const run = await runCli(
      ['conform', '--target', standIn.baseUrl, '--only', 'missing-extension', '--delay', '0', '--reporter', 'console,junit'],
      env,
    );
    expect(XMLValidator.validate(run.out)).toBe(true);
    expect(run.err).toMatch(/\n1 passed, 0 failed, 0 skipped\n$/);
    expect(run.code).toBe(0);
  } finally {
    await standIn.close();
  }
});

test.each([
  ['the embedded reference profile, always strict', [], 'reference', 'true'],
  ['the live profile', ['--target'], 'live', 'false'],
  ['the live profile with --strict', ['--target', '--strict'], 'live', 'true'],
])('JUnit says the strictness applied: %s', async (_name, flags, profile, strict) => {
  const standIn = await startStandIn(contract);
  try {
    const args = flags.flatMap((flag) => (flag === '--target' ? [flag, standIn.baseUrl] : [flag]));
    const run = await runCli(['conform', ...args, '--only', 'missing-extension', '--delay', '0', '--reporter', 'junit'], env);
    expect(run.out).toContain(`<property name="profile" value="${profile}"/>`);
    expect(run.out).toContain(`<property name="strict" value="${strict}"/>`);
    expect(run.out).toContain('<property name="verdict" value="passed"/>');
  } finally {
    await standIn.close();
  }
});

test('JUnit carries a transport failure by kind and the run diagnosis', async () => {
  const closed = net.createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const { port } = closed.address() as net.AddressInfo;
  await new Promise((resolve) => closed.close(resolve));
  const run = await runCli(
    ['conform', '--target', `http://127.0.0.1:${port}`, '--delay', '0', '--only', 'missing-extension', '--reporter', 'junit'],
    env,
  );
  expect(run.code).toBe(2);
  expect(run.out).toMatch(
    /<failure message="transport: connection refused \(nothing listens at 127\.0\.0\.1:\d+\)" type="transport:refused">/,
  );
  expect(run.out).toMatch(
    /<property name="diagnosis" value="the target is unreachable: connection refused \(nothing listens at 127\.0\.0\.1:\d+\); fix: check the host and port of --target/,
  );
  expect(run.out).toContain('<property name="verdict" value="unreachable"/>');
});

test('the Markdown report (a CI job summary) puts the diagnosis on top and a row with its curl per failure', async () => {
  const standIn = await startStandIn(contract, pretty?.behaviour);
  try {
    const file = path.join(dir, 'summary.md');
    const run = await runCli(
      [
        'conform',
        '--target',
        standIn.baseUrl,
        '--delay',
        '0',
        '--reporter',
        'console,markdown',
        '--output',
        file,
        '--extension',
        'No|Such_Webhook',
      ],
      env,
    );
    expect(run.code).toBe(2);
    const markdown = fs.readFileSync(file, 'utf8');
    const lines = markdown.split('\n');
    expect(lines[0]).toBe('### ism-webhooks conform: could not judge the target');
    // The diagnosis comes before the table; text from the run is inert (| _ $ as character references).
    const diagnosis = lines.findIndex((line) => line.startsWith('> **Diagnosis:** '));
    const header = lines.indexOf('| scenario | what failed | reproduce |');
    expect(diagnosis).toBeGreaterThan(0);
    expect(header).toBeGreaterThan(diagnosis);
    expect(lines[diagnosis]).toContain("'No&#124;Such&#95;Webhook' is not configured on the target");
    const rows = lines.slice(header + 2).filter((line) => line.startsWith('| '));
    const failed = run.out.match(/^\[ ?\d+\/\d+\] failed /gm) ?? [];
    expect(failed.length).toBeGreaterThan(0);
    expect(rows).toHaveLength(failed.length);
    for (const row of rows) {
      expect(row).toMatch(/^\| [a-z0-9-]+ \((documented|inferred)\) \| [^|]+ \| <code>[^|]*curl [^|]+<\/code> \|$/);
      expect(row).toMatch(/&#36;ISM&#95;(DEACTIVATED&#95;)?API&#95;KEY/);
    }
    for (const key of Object.values(standInKeys)) expect(markdown).not.toContain(key);
  } finally {
    await standIn.close();
  }
});

test('a passing run in Markdown: the verdict and counts, no table', async () => {
  const standIn = await startStandIn(contract);
  try {
    const run = await runCli(
      ['conform', '--target', standIn.baseUrl, '--only', 'missing-extension', '--delay', '0', '--reporter', 'markdown'],
      env,
    );
    expect(run.code).toBe(0);
    expect(run.out).toMatch(
      /^### ism-webhooks conform: passed\n\nhttp:\/\/127\.0\.0\.1:\d+, profile live: \*\*1 passed, 0 failed, 0 skipped\*\* in \d+\.\d s\.\n$/,
    );
  } finally {
    await standIn.close();
  }
});
