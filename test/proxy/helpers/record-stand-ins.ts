import fs from 'node:fs';
import path from 'node:path';
import { loadContract } from '../../../src/contract';
import { openCassetteRecorder } from '../../../src/proxy/cassette';
import { createProxyServer } from '../../../src/proxy/create-proxy-server';
import { call } from './call';
import { answeringUpstream, standInKey, webhook } from './stand-ins';

/** The stand-ins whose cassettes are committed under fixtures/cassettes/ (docs/parity.md is generated from them). */
export const recordedStandIns = [
  { kind: 'iis', file: 'iis-stand-in.cassette.yaml', name: 'https://iis-stand-in.example' },
  { kind: 'differs', file: 'differing-stand-in.cassette.yaml', name: 'https://differing-stand-in.example' },
  { kind: 'login', file: 'login-front-end.cassette.yaml', name: 'https://login-front-end.example' },
] as const;

const execute = '/api/rest/Webhooks/Execute';
const json = 'application/json';
/** What a caller sends while recording: the documented cases and the common mistakes. */
const requests: { method?: string; query: string; headers: Record<string, string>; body?: string }[] = [
  {
    query: `?extension=${webhook}`,
    headers: { Authorization: `rest_api_key=${standInKey}`, 'Content-Type': json },
    body: '{"Subject":"hello"}',
  },
  { query: `?extension=${webhook}`, headers: { Authorization: 'rest_api_key=NOTAKEYOFTHISTENANT0000', 'Content-Type': json }, body: '{}' },
  { query: `?extension=${webhook}`, headers: { Authorization: `Bearer ${standInKey}`, 'Content-Type': json }, body: '{}' },
  { query: `?extension=${webhook}`, headers: { Authorization: standInKey, 'Content-Type': json }, body: '{}' },
  { query: '', headers: { Authorization: `rest_api_key=${standInKey}`, 'Content-Type': json }, body: '{}' },
  { query: '?extension=blahblahWebhook', headers: { Authorization: `rest_api_key=${standInKey}`, 'Content-Type': json }, body: '{}' },
  { query: `?extension=${webhook}`, headers: { Authorization: `rest_api_key=${standInKey}`, 'Content-Type': 'text/plain' }, body: '{}' },
  {
    query: `?extension=${webhook}`,
    headers: { Authorization: `rest_api_key=${standInKey}`, 'Content-Type': json },
    body: 'x'.repeat(100_001),
  },
  { method: 'GET', query: `?extension=${webhook}`, headers: { Authorization: `rest_api_key=${standInKey}` } },
];

/** Records every stand-in of `recordedStandIns` through the proxy into `dir`, at a fixed time. */
export async function recordStandIns(dir: string): Promise<void> {
  const contract = loadContract();
  for (const standIn of recordedStandIns) {
    const file = path.join(dir, standIn.file);
    fs.rmSync(file, { force: true });
    const recorder = openCassetteRecorder(file, standIn.name);
    if (!recorder.ok) throw new Error(`cannot record ${file}`);
    const upstream = await answeringUpstream(standIn.kind);
    const proxy = createProxyServer({
      contract,
      upstream: new URL(upstream.url),
      recorder: recorder.value,
      clock: () => Date.UTC(2026, 11, 7, 21, 0, 0),
    });
    const url = await proxy.listen(0);
    try {
      for (const request of requests)
        await call(url, `${execute}${request.query}`, { method: request.method ?? 'POST', headers: request.headers, body: request.body });
    } finally {
      await proxy.close();
      await upstream.close();
    }
  }
}
