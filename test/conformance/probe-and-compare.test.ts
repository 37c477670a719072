import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { loadContract } from '../../src/contract';
import type { RunReport } from '../../conformance';
import { documentedFaults, inferredFaults } from './helpers/faults';
import { plainWebServer, startRawServer } from './helpers/deployments';
import { runCli } from './helpers/run-cli';
import { correctBehaviour, standInKeys, startStandIn, type Behaviour, type StandIn } from './helpers/stand-in';

const contract = loadContract();
const env = { ISM_API_KEY: standInKeys.apiKey, ISM_DEACTIVATED_API_KEY: standInKeys.deactivatedApiKey };
const bearerAccepted = inferredFaults.find((fault) => fault.name === 'a Bearer token accepted')?.behaviour as Behaviour;
const trailingSpace = documentedFaults[0]?.behaviour as Behaviour;

let dir: string;
let running: StandIn[];
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'conform-probe-'));
  running = [];
});
afterEach(async () => {
  await Promise.all(running.map((standIn) => standIn.close()));
  fs.rmSync(dir, { recursive: true, force: true });
});
async function standIn(behaviour: Behaviour = correctBehaviour()): Promise<string> {
  const started = await startStandIn(contract, behaviour);
  running.push(started);
  return started.baseUrl;
}

test('probe records the inferred answers of a tenant (keys redacted), and conform --profile-file pins them', async () => {
  const tenant = await standIn(bearerAccepted);
  const file = path.join(dir, 'profiles', 'tenant.yaml');
  const probed = await runCli(
    ['probe', '--target', tenant, '--allow-side-effects', '--xml-extension', 'MyXmlWebhook', '--delay', '0', '--output', file],
    env,
  );
  expect(probed.code).toBe(0);
  // A probe records: every row says so, the differing ones say how.
  expect(probed.out).toMatch(/recorded bearer-authorization \(inferred\) \d+ ms \(differs from the reference tenant\)/);
  expect(probed.out).toMatch(/recorded empty-extension \(inferred\) \d+ ms\n/);
  expect(probed.out).not.toMatch(/\] (passed|observed) /);
  // ...and so does the summary: the recorded rows counted as recorded, never as passed.
  const recorded = (probed.out.match(/\] recorded /g) ?? []).length;
  expect(probed.out).toMatch(
    new RegExp(`\\n\\d+ of the recorded answers differ from the reference tenant\\n${recorded} recorded, 0 failed, \\d+ skipped\\n`),
  );
  expect(probed.out).not.toMatch(/ passed, /);
  expect(probed.out).toContain(`tenant profile written to ${file}`);
  const text = fs.readFileSync(file, 'utf8');
  for (const key of Object.values(standInKeys)) expect(text).not.toContain(key);
  const profile = parse(text) as { kind: string; answers: Record<string, { status: number; body: string; matchesReference: boolean }> };
  expect(profile.kind).toBe('ism-webhooks/tenant-profile');
  expect(profile.answers['bearer-authorization']).toEqual(
    expect.objectContaining({ status: 200, body: catalogueBody('executed'), matchesReference: false }),
  );
  expect(profile.answers['empty-extension']).toEqual(
    expect.objectContaining({ status: 400, body: catalogueBody('missingExtension'), matchesReference: true }),
  );
  expect(Object.keys(profile.answers)).not.toContain('missing-extension');

  // The same tenant passes against its own profile, even strictly judged elsewhere.
  const pinned = await runCli(
    ['conform', '--target', tenant, '--profile-file', file, '--allow-side-effects', '--delay', '0', '--reporter', 'json'],
    env,
  );
  expect(pinned.code).toBe(0);
  // A tenant that answers Bearer differently now fails that scenario.
  const other = await standIn();
  const drifted = await runCli(
    ['conform', '--target', other, '--profile-file', file, '--allow-side-effects', '--delay', '0', '--reporter', 'json'],
    env,
  );
  expect(drifted.code).toBe(1);
  const report = JSON.parse(drifted.out) as RunReport;
  expect(report.results.filter((result) => result.outcome === 'failed').map((result) => result.id)).toEqual(['bearer-authorization']);
  expect(report.results.find((result) => result.id === 'bearer-authorization')?.basis).toBe('the tenant profile (--profile-file)');
});

function catalogueBody(name: 'executed' | 'missingExtension'): string {
  return contract.catalogue.get(name).body;
}

test('probe writes the profile to stdout when no --output is given, progress to stderr', async () => {
  const tenant = await standIn();
  const run = await runCli(['probe', '--target', tenant, '--only', 'empty-extension', '--delay', '0'], env);
  expect(run.code).toBe(0);
  expect((parse(run.out) as { answers: Record<string, unknown> }).answers).toHaveProperty('empty-extension');
  expect(run.err).toMatch(/\n1 recorded, 0 failed, 0 skipped\n$/);
});

test.each([
  [
    'a documented scenario',
    'kind: ism-webhooks/tenant-profile\nversion: 1\nanswers:\n  missing-extension:\n    status: 400\n    body: x\n',
    "tenant.yaml:4:3: answers.missing-extension: 'missing-extension' is documented",
    'remove it; only inferred scenarios',
  ],
  [
    'an unknown scenario',
    'kind: ism-webhooks/tenant-profile\nversion: 1\nanswers:\n  no-such:\n    status: 400\n    body: x\n',
    "'no-such' is not a scenario of this suite",
    'remove it, or record the profile again',
  ],
  [
    'a status that is not one',
    'kind: ism-webhooks/tenant-profile\nversion: 1\nanswers:\n  empty-extension:\n    status: four hundred\n    body: x\n',
    'tenant.yaml:5:13: answers.empty-extension.status: must be a whole number, got string "four hundred"',
    'give the HTTP status',
  ],
  [
    'another kind of file',
    'kind: something-else\nversion: 1\nanswers: {}\n',
    'kind: must be "ism-webhooks/tenant-profile"',
    'use a file written by `ism-webhooks probe`',
  ],
])('a tenant profile that does not load is refused with file, place and fix: %s', async (_label, text, message, fix) => {
  const file = path.join(dir, 'tenant.yaml');
  fs.writeFileSync(file, text);
  const run = await runCli(['conform', '--target', 'http://127.0.0.1:9', '--profile-file', file], env);
  expect(run.code).toBe(2);
  expect(run.err).toContain('the tenant profile does not load');
  expect(run.err).toContain(message);
  expect(run.err).toContain(`fix: ${fix}`);
});

test('--compare passes two targets that answer alike', async () => {
  const run = await runCli(['conform', '--target', await standIn(), '--compare', await standIn(), '--delay', '0'], env);
  expect(run.out).toMatch(/^ism-webhooks compare: comparing http:\/\/127\.0\.0\.1:\d+ with http:\/\/127\.0\.0\.1:\d+, 54 scenarios\n/);
  // Skipped: the 9 scenarios that run the Action (no --allow-side-effects), and 2 more that need --xml-extension.
  expect(run.out).toMatch(/\n43 passed, 0 failed, 11 skipped\n$/);
  expect(run.code).toBe(0);
});

test('--compare reports every difference between two targets', async () => {
  const run = await runCli(
    [
      'conform',
      '--target',
      await standIn(),
      '--compare',
      await standIn(trailingSpace),
      '--allow-side-effects',
      '--delay',
      '0',
      '--reporter',
      'console,json',
    ],
    env,
  );
  expect(run.code).toBe(1);
  const report = JSON.parse(run.out) as RunReport;
  expect(report.mode).toBe('compare');
  expect(
    report.results
      .filter((result) => result.outcome === 'failed')
      .map((result) => result.id)
      .sort(),
  ).toEqual(['empty-extension', 'extension-parameter-other-letter-case', 'missing-extension']);
  const difference = report.results.find((result) => result.id === 'missing-extension')?.failures[0];
  expect(difference).toEqual(
    expect.objectContaining({
      check: 'difference',
      message: expect.stringContaining('the body differs; first difference at character 192'),
    }),
  );
  expect(run.err).toContain('difference: the body differs');
});

test('without a deactivated key that scenario is skipped and says why', async () => {
  const run = await runCli(['conform', '--target', await standIn(), '--delay', '0', '--only', 'deactivated-api-key,incorrect-api-key'], {
    ISM_API_KEY: standInKeys.apiKey,
  });
  expect(run.out).toContain(
    'skipped  deactivated-api-key (documented): no deactivated key: pass --deactivated-api-key KEY or set ISM_DEACTIVATED_API_KEY',
  );
  expect(run.out).toMatch(/\n1 passed, 0 failed, 1 skipped\n$/);
  expect(run.code).toBe(0);
});

test('a target with a base path (on premises, /HEAT) is joined to the Execute path', async () => {
  const run = await runCli(
    ['conform', '--target', `${await standIn()}/HEAT`, '--delay', '0', '--only', 'missing-extension', '--reporter', 'json'],
    env,
  );
  const report = JSON.parse(run.out) as RunReport;
  expect(report.results[0]?.request?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/HEAT\/api\/rest\/Webhooks\/Execute$/);
});

test('the request budget stops a run politely', async () => {
  const run = await runCli(
    [
      'conform',
      '--target',
      await standIn(),
      '--delay',
      '0',
      '--max-requests',
      '2',
      '--only',
      'missing-extension,incorrect-api-key,mistyped-extension',
    ],
    env,
  );
  expect(run.out).toContain('the request budget of 2 is spent (--max-requests)');
  expect(run.out).toMatch(/\n2 passed, 0 failed, 1 skipped\n$/);
});

test('--compare skips the scenarios that run the Action on both targets without --allow-side-effects, in every profile', async () => {
  const run = await runCli(
    ['conform', '--profile', 'prism', '--target', await standIn(), '--compare', await standIn(), '--delay', '0', '--reporter', 'json'],
    env,
  );
  const report = JSON.parse(run.out) as RunReport;
  const skipped = report.results.filter((result) => result.reason?.startsWith('it runs the Action')).map((result) => result.id);
  expect(skipped).toEqual(expect.arrayContaining(['execute-configured-webhook', 'body-at-limit', 'json-charset-utf-8']));
  expect(report.results.filter((result) => result.id === 'execute-configured-webhook').map((result) => result.outcome)).toEqual([
    'skipped',
  ]);
});

test('probe against a web server that is not ISM records nothing: exit 2 and the diagnosis', async () => {
  const web = await startRawServer(plainWebServer);
  try {
    const file = path.join(dir, 'profiles', 'web.yaml');
    const run = await runCli(['probe', '--target', web.baseUrl, '--delay', '0', '--output', file], env);
    expect(run.out).toMatch(/\ndiagnosis: not the ISM API: no answer \(3 of 3\) carries the ISM error envelope/);
    expect(fs.existsSync(file)).toBe(false);
    expect(run.code).toBe(2);
  } finally {
    await web.close();
  }
});
