import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { main } from '../../src/cli/main';
import { captureIo } from '../helpers/cli-io';
import { body, executePath, keys } from '../helpers/tenant';

test('serve --port 0 prints one ready line, answers, logs without the key, and closes on SIGTERM', async () => {
  const io = captureIo();
  const exited = main(['serve', '--port', '0'], io);
  const url = (await io.waitFor(/^listening on (http:\/\/127\.0\.0\.1:\d+)\n$/))[1] as string;
  const res = await request(url).post(`${executePath}?extension=MyTestWebhook`).set('Authorization', keys.header).set('Content-Type', 'application/json').send('{}');
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
    request(url).post(`${executePath}?extension=${extension}`).set('Authorization', 'rest_api_key=ABCDEFGHIJKLMNOP1234').set('Content-Type', 'application/json');
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
beforeAll(() => fs.writeFileSync(badTenant, 'apiKeys: []\nwebhooks: []\nactions: []\nsurprise: 1\n'));
afterAll(() => fs.rmSync(badTenant, { force: true }));

test.each([
  ['a tenant file with an unknown field', ['--tenant', badTenant], [badTenant, ":4:1: surprise: unknown field 'surprise'", 'fix: remove it']],
  ['a tenant file that does not exist', ['--tenant', 'no/such/file.yaml'], ['cannot read the tenant file (ENOENT)', 'fix: check the path given to --tenant']],
  ['a bad --inspection', ['--inspection', 'everyone'], ["--inspection must be one of loopback, any, off, got 'everyone'", "Run 'ism-webhooks serve --help'"]],
  ['a bad --port', ['--port', '-1'], ["'--port'"]],
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
