import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { main } from '../../cli/main';
import { captureIo } from '../helpers/cli-io';
import { body, executePath, keys } from '../helpers/tenant';

test('serve --port 0 prints one ready line, answers, logs without the key, and closes on SIGTERM', async () => {
  const io = captureIo();
  const exited = main(['serve', '--port', '0'], io);
  const url = (await io.waitFor(/^listening on (http:\/\/127\.0\.0\.1:\d+)\n$/))[1] as string;
  const res = await request(url)
    .post(`${executePath}?extension=MyTestWebhook`)
    .set('Authorization', keys.header)
    .set('Content-Type', 'application/json')
    .send('{}');
  expect(res.status).toBe(200);
  expect(res.text).toBe(body('executed'));
  io.stop();
  expect(await exited).toBe(0);
  expect(io.err()).toContain('-> 200 executed');
  expect(io.err()).not.toContain(keys.active);
  expect(io.out()).toBe(`listening on ${url}\n`);
});

test('serve --quiet --prefer --tenant FILE: no access log, Prefer honoured, the given tenant used', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ism-serve-'));
  const file = path.join(dir, 'tenant.yaml');
  fs.writeFileSync(
    file,
    [
      'apiKeys: [{ name: k, referenceId: ABCDEFGHIJKLMNOP1234, activated: true }]',
      'webhooks: [{ extension: Other, active: true, format: json, action: A }]',
      'actions: [{ name: A, webhookBody: json, insert: { businessObject: Change, fields: { Subject: /s } } }]',
    ].join('\n'),
  );
  const io = captureIo();
  const exited = main(['serve', '--port', '0', '--quiet', '--prefer', '--tenant', file], io);
  const url = (await io.waitFor(/listening on (\S+)/))[1] as string;
  const send = (extension: string) =>
    request(url)
      .post(`${executePath}?extension=${extension}`)
      .set('Authorization', 'rest_api_key=ABCDEFGHIJKLMNOP1234')
      .set('Content-Type', 'application/json');
  expect((await send('Other').send('{"s":"x"}')).status).toBe(200);
  expect((await send('MyTestWebhook').send('{}')).text).toBe(body('extensionDoesNotExist'));
  expect((await send('Other').set('Prefer', 'code=400, example=bodyTooLong').send('{}')).text).toBe(body('bodyTooLong'));
  expect((await request(url).get('/_mock/records')).body.records[0]).toMatchObject({ businessObject: 'Change', fields: { Subject: 'x' } });
  io.stop();
  expect(await exited).toBe(0);
  expect(io.err()).not.toContain('->');
});

test('serve takes its port from PORT', async () => {
  const io = captureIo({ PORT: '0' });
  const exited = main(['serve'], io);
  await io.waitFor(/listening on http:\/\/127\.0\.0\.1:\d+/);
  io.stop();
  expect(await exited).toBe(0);
});

const badTenant = path.join(os.tmpdir(), `ism-bad-tenant-${process.pid}.yaml`);
const badFaultTenant = path.join(os.tmpdir(), `ism-bad-fault-tenant-${process.pid}.yaml`);
const flakyTenant = path.join(os.tmpdir(), `ism-flaky-tenant-${process.pid}.yaml`);
const shadowTenant = path.join(os.tmpdir(), `ism-shadow-tenant-${process.pid}.yaml`);
const flakyText = (answer: string): string =>
  `${fs.readFileSync(path.join(__dirname, '../../fixtures/tenant.yaml'), 'utf8')}\nfaults:\n  - name: flaky\n    probability: 0.5\n    answer: ${answer}\n`;
beforeAll(() => {
  fs.writeFileSync(badTenant, 'apiKeys: []\nwebhooks: []\nactions: []\nsurprise: 1\n');
  fs.writeFileSync(badFaultTenant, flakyText('{ name: noSuchAnswer }'));
  fs.writeFileSync(flakyTenant, flakyText('{ status: 503 }'));
  fs.writeFileSync(
    shadowTenant,
    `${flakyText('{ status: 503 }').replace('probability: 0.5', 'latency: { ms: 1 }')}  - answer: { status: 502 }\n`,
  );
});
afterAll(() => {
  for (const file of [badTenant, badFaultTenant, flakyTenant, shadowTenant]) fs.rmSync(file, { force: true });
});

test('serve --seed N repeats which calls a fault rule of probability 0.5 hits', async () => {
  const run = async (): Promise<number[]> => {
    const io = captureIo();
    const exited = main(['serve', '--port', '0', '--quiet', '--seed', '7', '--tenant', flakyTenant], io);
    const url = (await io.waitFor(/listening on (\S+)/))[1] as string;
    const statuses: number[] = [];
    for (let call = 0; call < 16; call++) {
      statuses.push(
        (
          await request(url)
            .post(`${executePath}?extension=MyTestWebhook`)
            .set('Authorization', keys.header)
            .set('Content-Type', 'application/json')
            .send('{}')
        ).status,
      );
    }
    expect((await request(url).get('/_mock/faults')).body.faultRules).toEqual([
      expect.objectContaining({ name: 'flaky', hits: statuses.filter((status) => status === 503).length }),
    ]);
    io.stop();
    expect(await exited).toBe(0);
    return statuses;
  };
  const first = await run();
  expect(new Set(first)).toEqual(new Set([200, 503]));
  expect(await run()).toEqual(first);
});

test('a tenant file rule that never applies is a warning at start, not an error', async () => {
  const io = captureIo();
  const exited = main(['serve', '--port', '0', '--quiet', '--tenant', shadowTenant], io);
  await io.waitFor(/listening on (\S+)/);
  io.stop();
  expect(await exited).toBe(0);
  expect(io.err()).toContain(
    `warning: ${shadowTenant}: faults[1] never applies: faults[0] ('flaky') matches every call it matches, always, and the first matching rule decides`,
  );
});

test.each([
  [
    'a tenant file with an unknown field',
    ['--tenant', badTenant],
    [badTenant, ":4:1: surprise: unknown field 'surprise'", 'fix: remove it'],
  ],
  [
    'a tenant file that does not exist',
    ['--tenant', 'no/such/file.yaml'],
    ['cannot read the tenant file (ENOENT)', 'fix: check the path given to --tenant'],
  ],
  [
    'a bad --inspection',
    ['--inspection', 'everyone'],
    ["--inspection must be one of loopback, any, off, got 'everyone'", "Run 'ism-webhooks serve --help'"],
  ],
  ['a bad --port', ['--port', '-1'], ["--port needs a value, and the next argument starts with '-'", 'as --port=VALUE']],
  ['a --port out of range', ['--port=-1'], ["--port must be a whole number from 0 to 65535, got '-1'"]],
  ['a bad --seed', ['--seed', 'abc'], ["--seed must be a whole number of at least 0, got 'abc'"]],
  ['a --seed past 32 bits', ['--seed', '4294967296'], ["--seed must be a whole number from 0 to 4294967295, got '4294967296'"]],
  [
    'a fault rule naming an answer the spec lacks',
    ['--tenant', badFaultTenant],
    ["faults[0].answer.name: 'noSuchAnswer' is not a named answer of the spec", 'fix: use one of: '],
  ],
  ['an unknown flag', ['--verbose'], ["Unknown option '--verbose'"]],
  ['a stray argument', ['extra'], ["Unexpected argument 'extra'"]],
])('%s ends the start with exit code 2 and says what to do', async (_label, args, messages) => {
  const io = captureIo();
  expect(await main(['serve', '--port', '0', ...args], io)).toBe(2);
  for (const message of messages) expect(io.err()).toContain(message);
  expect(io.out()).toBe('');
});

test('a port already in use is exit code 2 with a hint', async () => {
  const first = captureIo();
  const running = main(['serve', '--port', '0', '--quiet'], first);
  const port = (await first.waitFor(/:(\d+)\n/))[1] as string;
  const second = captureIo();
  expect(await main(['serve', '--port', port], second)).toBe(2);
  expect(second.err()).toContain(`cannot listen on 127.0.0.1:${port} (EADDRINUSE): choose another --port, or 0 for a free one`);
  first.stop();
  expect(await running).toBe(0);
});
