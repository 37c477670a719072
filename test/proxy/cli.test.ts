import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../cli/main';
import { loadCassette } from '../../src/proxy/cassette';
import { captureIo } from '../helpers/cli-io';
import { call, replied } from './helpers/call';
import { answeringUpstream, standInKey, testCaFile, webhook } from './helpers/stand-ins';

test('proxy --upstream URL --record FILE: prints its URL, forwards, logs the verdict without the key, records', async () => {
  const upstream = await answeringUpstream('iis');
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ism-proxy-cli-')), 'tenant.cassette.yaml');
  const io = captureIo();
  const exited = main(['proxy', '--upstream', upstream.url, '--port', '0', '--record', file], io);
  try {
    const url = (await io.waitFor(/^listening on (http:\/\/127\.0\.0\.1:\d+)\n/))[1] as string;
    const reply = replied(
      await call(url, `/api/rest/Webhooks/Execute?extension=${webhook}`, {
        headers: { Authorization: `Bearer ${standInKey}`, 'Content-Type': 'application/json' },
        body: '{}',
      }),
    );
    expect(reply.status).toBe(401);
  } finally {
    io.stop();
    expect(await exited).toBe(0);
    await upstream.close();
  }
  expect(io.err()).toContain('-> 401 documented:invalidApiKey caller:bearer-token');
  expect(io.err()).not.toContain(standInKey);
  const loaded = loadCassette(file);
  expect(loaded.ok && loaded.value.exchanges.map((exchange) => exchange.match.key)).toEqual(['bearer']);
});

test.each([
  [['proxy'], /--upstream URL is required/],
  [['proxy', '--upstream', 'not a url'], /--upstream must be a URL/],
  [['proxy', '--upstream', 'ftp://tenant.example.com'], /must be http or https/],
  [['proxy', '--upstream', 'https://user:pw@tenant.example.com'], /without credentials/],
  [['proxy', '--upstream', 'https://tenant.example.com', '--upstream-ca', '/no/such/ca.pem'], /--upstream-ca cannot be read/],
  [['proxy', '--upstream', 'https://tenant.example.com', '--upstream-ca', __filename], /not a PEM certificate/],
  [['proxy', '--upstream', 'https://tenant.example.com', '--record', testCaFile], /not a cassette/],
  [['proxy', '--upstream', 'https://tenant.example.com', '--allowed-hosts', 'a b'], /--allowed-hosts takes host names/],
])('proxy %j exits 2 and says why', async (args, message) => {
  const io = captureIo();
  expect(await main([...args, '--port', '0'], io)).toBe(2);
  expect(io.err()).toMatch(message);
  expect(io.err()).not.toContain('pw@');
});
