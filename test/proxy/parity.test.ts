import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parityTable } from '../../conformance/parity';
import { defaultScenariosDir, loadScenarios } from '../../conformance/scenario/load-scenarios';
import { main } from '../../cli/main';
import { loadContract } from '../../src/contract';
import { captureIo } from '../helpers/cli-io';
import { recordedStandIns, recordStandIns } from './helpers/record-stand-ins';

const contract = loadContract();
const root = path.join(__dirname, '..', '..');
const committed = path.join(root, 'fixtures', 'cassettes');
const scenarios = (() => {
  const loaded = loadScenarios(defaultScenariosDir(), contract.catalogue);
  if (!loaded.ok) throw new Error('scenarios');
  return loaded.value;
})();

test('the committed cassettes are what the stand-ins answer today (RECORD_STAND_INS=1 writes them again)', async () => {
  const dir = process.env.RECORD_STAND_INS === '1' ? committed : fs.mkdtempSync(path.join(os.tmpdir(), 'ism-parity-'));
  await recordStandIns(dir);
  for (const standIn of recordedStandIns)
    expect(fs.readFileSync(path.join(dir, standIn.file), 'utf8')).toBe(fs.readFileSync(path.join(committed, standIn.file), 'utf8'));
});

test('the table: each stand-in agrees or differs, row by row, against the reference', () => {
  const files = recordedStandIns.map((standIn) => path.join(committed, standIn.file));
  const table = parityTable(contract, scenarios, files);
  if (!table.ok) throw new Error(JSON.stringify(table.problems));
  expect(table.value.tenants.map((tenant) => [tenant.name, tenant.server, tenant.date])).toEqual([
    ['https://iis-stand-in.example', 'Microsoft-IIS/10.0', '2026-12-07'],
    ['https://differing-stand-in.example', 'Microsoft-IIS/10.0', '2026-12-07'],
    ['https://login-front-end.example', 'BIG-IP', '2026-12-07'],
  ]);
  const verdicts = Object.fromEntries(
    table.value.rows.map((row) => [
      row.scenario,
      row.observed.map((cell) => (cell === undefined ? '—' : cell.agrees ? 'agrees' : 'differs')),
    ]),
  );
  expect(verdicts).toMatchObject({
    'POST Execute extension=MyTestWebhook, key accepted, application/json, body within': ['agrees', 'agrees', 'differs'],
    'POST Execute extension=MyTestWebhook, key bearer, application/json, body within': ['agrees', 'agrees', 'differs'],
    'POST Execute no extension, key accepted, application/json, body within': ['agrees', 'agrees', 'differs'],
    'POST Execute extension=MyTestWebhook, key accepted, text/plain, body within': ['differs', 'differs', 'differs'],
    'GET Execute extension=MyTestWebhook, key accepted, no Content-Type, body empty': ['differs', 'differs', 'differs'],
  });
});

test('profiles and conform results are read too: a scenario row per answered scenario', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ism-parity-'));
  const result = path.join(dir, 'result.json');
  const bearer = contract.catalogue.get('invalidApiKey');
  fs.writeFileSync(
    result,
    JSON.stringify({
      target: 'https://tenant.example.com',
      startedAt: '2026-12-01T10:00:00.000Z',
      results: [
        { id: 'bearer-authorization', response: { status: 401, body: bearer.body, headers: { server: 'Microsoft-IIS/8.5' } } },
        { id: 'json-not-an-object', response: { status: 500, body: 'oops', headers: {} } },
      ],
    }),
  );
  const profile = path.join(root, 'fixtures', 'profiles', 'reference-tenant.yaml');
  const table = parityTable(contract, scenarios, [result, profile]);
  if (!table.ok) throw new Error(JSON.stringify(table.problems));
  const row = (id: string) => table.value.rows.find((candidate) => candidate.scenario === id);
  expect(row('bearer-authorization')?.observed.map((cell) => cell?.agrees)).toEqual([true, true]);
  expect(row('json-not-an-object')?.observed[0]).toEqual({ agrees: false, how: '500 oops' });
  expect(table.value.tenants[0]?.server).toBe('Microsoft-IIS/8.5');
});

test.each([
  [['parity'], 2, /name at least one FILE/],
  [['parity', 'no-such-file.yaml'], 2, /cannot read the file/],
  [['parity', '--format', 'html', 'x.yaml'], 2, /--format must be markdown or json/],
  // Through the one flag parser (cli/run-command.ts): a mistyped flag gets the nearest name.
  [['parity', '--formt', 'json', 'x.yaml'], 2, /Unknown option '--formt'[^\n]*\ndid you mean --format\?/],
])('parity %j exits %i and says why', async (args, code, message) => {
  const io = captureIo();
  expect(await main([...args], io)).toBe(code);
  expect(io.err()).toMatch(message);
});

test('docs/parity.md is the table of the committed cassettes (npm run check:parity keeps it so)', async () => {
  const io = captureIo();
  const cwd = process.cwd();
  process.chdir(root);
  try {
    expect(await main(['parity', ...recordedStandIns.map((standIn) => `fixtures/cassettes/${standIn.file}`)], io)).toBe(0);
  } finally {
    process.chdir(cwd);
  }
  expect(fs.readFileSync(path.join(root, 'docs', 'parity.md'), 'utf8')).toContain(io.out());
});
