import { main } from '../../cli/main';
import { exposureWarnings } from '../../src/core/exposure-warnings';
import { rawRequest } from '../helpers/raw-request';
import { captureIo } from '../helpers/cli-io';
import { executePath, keys } from '../helpers/tenant';

// What serve says at start about who can reach it, and --allowed-hosts (issue 19).

test('serve --inspection any warns on stderr that /_mock and its fault rules are open; --allowed-hosts names are served', async () => {
  const io = captureIo();
  const exited = main(['serve', '--port', '0', '--quiet', '--inspection', 'any', '--allowed-hosts', 'tenant,.example.test'], io);
  const url = (await io.waitFor(/^listening on (http:\/\/127\.0\.0\.1:\d+)\n$/))[1] as string;
  const port = new URL(url).port;
  const send = (host: string) =>
    rawRequest(url, {
      path: `${executePath}?extension=MyTestWebhook`,
      headers: { Host: host, Authorization: keys.header, 'Content-Type': 'application/json' },
      body: Buffer.from('{}'),
    });
  expect((await send(`tenant:${port}`)).status).toBe(200);
  expect((await send(`api.example.test:${port}`)).status).toBe(200);
  expect((await send(`attacker.example:${port}`)).status).toBe(403);
  io.stop();
  expect(await exited).toBe(0);
  expect(io.err()).toContain(
    'warning: --inspection any: the inspection API and its fault rules (/_mock: calls, executions, records, POST /_mock/faults) answer any client that reaches the port, with no key\n',
  );
});

test('serve on loopback with the default inspection says nothing of exposure', async () => {
  const io = captureIo();
  const exited = main(['serve', '--port', '0', '--quiet'], io);
  await io.waitFor(/listening on/);
  io.stop();
  expect(await exited).toBe(0);
  expect(io.err()).not.toContain('warning');
});

test.each([['bad name'], ['a,,b'], ['http://x']])('--allowed-hosts %s is a usage error (exit 2) that names the value', async (value) => {
  const io = captureIo();
  expect(await main(['serve', '--port', '0', '--allowed-hosts', value], io)).toBe(2);
  expect(io.err()).toContain('--allowed-hosts takes host names separated by commas');
});

// Refused before anything listens: an empty --host would bind every interface, and 'any' among names would be read as a name.
test.each([
  ['serve', ['--host', ''], '--host is empty'],
  ['proxy', ['--upstream', 'http://127.0.0.1:9', '--host', ' '], '--host is empty'],
  ['serve', ['--allowed-hosts', 'any,tenant'], "'any' turns the Host check off and stands alone"],
  ['proxy', ['--upstream', 'http://127.0.0.1:9', '--allowed-hosts', 'tenant,any'], "'any' turns the Host check off and stands alone"],
])('%s %j is a usage error (exit 2) that says why', async (command, args, message) => {
  const io = captureIo();
  expect(await main([command, '--port', '0', ...args], io)).toBe(2);
  expect(io.err()).toContain(message);
});

test('proxy --host 0.0.0.0 warns on stderr that it can be reached from the network', async () => {
  const io = captureIo();
  const exited = main(['proxy', '--upstream', 'http://127.0.0.1:9', '--port', '0', '--quiet', '--host', '0.0.0.0'], io);
  await io.waitFor(/listening on/);
  io.stop();
  expect(await exited).toBe(0);
  expect(io.err()).toContain('warning: --host 0.0.0.0 is not loopback');
});

test.each<[string, 'loopback' | 'any' | 'off', string[]]>([
  ['127.0.0.1', 'loopback', []],
  ['::1', 'loopback', []],
  ['localhost', 'off', []],
  [
    '0.0.0.0',
    'loopback',
    ["warning: --host 0.0.0.0 is not loopback: Execute (the tenant's keys are its only guard) can be reached from the network"],
  ],
  ['::', 'off', ["warning: --host :: is not loopback: Execute (the tenant's keys are its only guard) can be reached from the network"]],
  [
    '192.168.1.5',
    'any',
    [
      'warning: --host 192.168.1.5 is not loopback: Execute and the inspection API (/_mock: calls, records, fault rules) can be reached from the network',
      expect.stringContaining('warning: --inspection any') as unknown as string,
    ],
  ],
])('--host %s --inspection %s: the warnings', (host, inspection, want) => {
  expect(exposureWarnings(host, inspection)).toEqual(want);
});
