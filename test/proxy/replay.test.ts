import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../cli/main';
import { type Cassette, loadCassette, renderCassette, type RecordedExchange } from '../../src/proxy/cassette';
import { findReplay, sizeFromFraming } from '../../src/proxy/replay';
import { captureIo } from '../helpers/cli-io';
import { body, executePath, keys, startTenant } from '../helpers/tenant';
import { call, replied } from './helpers/call';

/** A cassette as an IIS-fronted tenant left it: a 200 with its quirks, and a 401. */
const exchanges: RecordedExchange[] = [
  {
    match: {
      method: 'POST',
      path: executePath,
      extension: 'MyTestWebhook',
      key: 'accepted',
      contentType: 'application/json',
      size: 'within',
    },
    recordedAt: '2026-12-07T21:00:00.000Z',
    server: 'Microsoft-IIS/10.0',
    verdict: 'executed',
    status: 200,
    headers: [
      ['Server', 'Microsoft-IIS/10.0'],
      ['X-Powered-By', 'ASP.NET'],
      ['Content-Type', 'application/json; charset=utf-8'],
    ],
    body: new TextEncoder().encode('""'),
  },
  {
    match: {
      method: 'POST',
      path: executePath,
      extension: 'MyTestWebhook',
      key: 'bearer',
      contentType: 'application/json',
      size: 'within',
    },
    recordedAt: '2026-12-07T21:00:01.000Z',
    status: 401,
    headers: [['Content-Type', 'application/octet-stream']],
    // Not UTF-8: kept as base64 in the file, replayed byte for byte.
    body: new Uint8Array([0xff, 0x00, 0xfe, 0x41]),
  },
];
const cassette: Cassette = { upstream: 'https://tenant.example.com/HEAT', exchanges };

function cassetteFile(): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ism-replay-')), 'tenant.cassette.yaml');
  fs.writeFileSync(file, renderCassette(cassette));
  return file;
}

test('a cassette round-trips through its file: text bodies as text, other bytes as base64', () => {
  const file = cassetteFile();
  const text = fs.readFileSync(file, 'utf8');
  expect(text).toContain('bodyBase64: /wD+QQ==');
  const loaded = loadCassette(file);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  expect(loaded.value).toEqual(cassette);
});

test.each([
  ['an unknown field', 'kind: ism-webhooks/cassette\nversion: 1\nexchanges: []\nextra: 1\n', /line 4: unknown field 'extra'/],
  ['a wrong kind', 'kind: tenant\nversion: 1\nexchanges: []\n', /must be "ism-webhooks\/cassette"/],
  [
    'a status out of range',
    'kind: ism-webhooks/cassette\nversion: 1\nexchanges:\n  - match: { method: POST, path: /, extension: "", key: none, contentType: "", size: empty }\n    recordedAt: x\n    status: 99\n    headers: {}\n',
    /line 6: must be a whole number from 100 to 599/,
  ],
])('a broken cassette is refused with where and what: %s', (_name, text, expected) => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ism-replay-')), 'bad.yaml');
  fs.writeFileSync(file, text);
  const loaded = loadCassette(file);
  expect(loaded.ok).toBe(false);
  if (!loaded.ok) expect(loaded.problems.map((problem) => `line ${problem.line}: ${problem.message}`).join('\n')).toMatch(expected);
});

test.each([
  [undefined, undefined, 'empty'],
  ['0', undefined, 'empty'],
  ['100000', undefined, 'within'],
  ['100001', undefined, undefined],
  ['300001', undefined, 'over'],
  ['abc', undefined, undefined],
  [undefined, 'chunked', undefined],
] as const)('Content-Length %s, Transfer-Encoding %s: the size class is %s', (length, encoding, size) => {
  expect(sizeFromFraming(length, encoding, 100_000)).toBe(size);
});

test.each([
  ['the recorded request', { authorization: 'rest_api_key=K', keyAccepted: true, contentType: 'application/json; charset=utf-8' }, 200],
  ['a Bearer token', { authorization: 'Bearer x', keyAccepted: false, contentType: 'application/json' }, 401],
  ['a refused key (not recorded)', { authorization: 'rest_api_key=K', keyAccepted: false, contentType: 'application/json' }, undefined],
  ['another content type', { authorization: 'rest_api_key=K', keyAccepted: true, contentType: 'application/xml' }, undefined],
] as const)('the matcher: %s', (_name, request, status) => {
  const found = findReplay(cassette, { method: 'POST', path: executePath, extension: 'MyTestWebhook', size: 'within', ...request });
  expect(found?.status).toBe(status);
});

test('serve --replay: recorded answers byte for byte with x-ism-source: replay, the rest from the model', async () => {
  const file = cassetteFile();
  const loaded = loadCassette(file);
  if (!loaded.ok) throw new Error('cassette');
  const { tenant, url } = await startTenant({ replay: loaded.value });
  try {
    const target = `${executePath}?extension=MyTestWebhook`;
    const replayed = replied(
      await call(url, target, { headers: { Authorization: keys.header, 'Content-Type': 'application/json' }, body: '{}' }),
    );
    expect([replayed.status, replayed.headers['x-ism-source'], replayed.headers.server, replayed.body.toString()]).toEqual([
      200,
      'replay',
      'Microsoft-IIS/10.0',
      '""',
    ]);
    const bytes = replied(
      await call(url, target, { headers: { Authorization: 'Bearer x', 'Content-Type': 'application/json' }, body: '{}' }),
    );
    expect([bytes.status, bytes.headers['x-ism-source'], [...bytes.body]]).toEqual([401, 'replay', [0xff, 0x00, 0xfe, 0x41]]);
    // A length whose characters would need counting is the model's, even where a recording would match.
    const uncounted = replied(
      await call(url, target, {
        headers: { Authorization: keys.header, 'Content-Type': 'application/json' },
        body: `{"a":"${'x'.repeat(150_000)}"}`,
      }),
    );
    expect(uncounted.headers['x-ism-source']).toBe('model');
    const modelled = replied(
      await call(url, target, { headers: { Authorization: keys.deactivatedHeader, 'Content-Type': 'application/json' }, body: '{}' }),
    );
    expect([modelled.status, modelled.headers['x-ism-source'], modelled.body.toString()]).toEqual([401, 'model', body('invalidApiKey')]);
    const calls = JSON.parse(replied(await call(url, '/_mock/calls', { method: 'GET' })).body.toString()).calls;
    expect(calls.map((c: { answer: string }) => c.answer)).toEqual(['invalidApiKey', 'bodyTooLong', 'replay', 'replay']);
  } finally {
    await tenant.close();
  }
});

test('serve --replay FILE that is not a cassette stops the start with exit code 2', async () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ism-replay-')), 'bad.yaml');
  fs.writeFileSync(file, 'kind: other\n');
  const io = captureIo();
  expect(await main(['serve', '--port', '0', '--replay', file], io)).toBe(2);
  expect(io.err()).toContain('the cassette does not load');
});
