import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFaultRules, seededRandom } from '../../src/faults';
import { createInspectionStreams } from '../../src/node/inspection-stream';
import { createInspectionViews } from '../../src/core/inspection-views';
import { createTenant } from '../../src/tenant';
import { rawRequest } from '../helpers/raw-request';
import { stalledStream } from '../helpers/stalled-stream';
import { body, defaultTenant, executePath, keys, startTenant } from '../helpers/tenant';

// The inspection page's event streams may not take what Execute needs (issue 19): they have a cap
// of their own, and a stream nobody reads is closed.

test('past 20 open streams a page gets 503, and Execute calls are still answered', async () => {
  const { tenant, url } = await startTenant({ maxConnections: 30 });
  const opened: http.ClientRequest[] = [];
  const open = () =>
    new Promise<number>((resolve) => {
      const req = http.get(`${url}/_mock/events`, { agent: false }, (res) => {
        res.once('data', () => resolve(res.statusCode ?? 0));
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', () => resolve(0));
      opened.push(req);
    });
  try {
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) statuses.push(await open());
    expect(statuses).toEqual([...Array(20).fill(200), ...Array(5).fill(503)]);
    const calls = await Promise.all(
      Array.from({ length: 5 }, () =>
        rawRequest(url, {
          path: `${executePath}?extension=MyTestWebhook`,
          headers: { Authorization: keys.header, 'Content-Type': 'application/json' },
          body: Buffer.from('{"Subject":"beside 20 pages"}'),
        }),
      ),
    );
    expect(calls.map((res) => res.text)).toEqual(Array(5).fill(body('executed')));
  } finally {
    for (const req of opened) req.destroy();
    await tenant.close();
  }
});

test('a stream whose reader stopped reading is closed after missed heartbeats, with no byte bound reached', async () => {
  // The byte bound is out of reach: only the heartbeats can close this stream.
  const stalled = await stalledStream({ flushMs: 1, heartbeatMs: 20, missedHeartbeats: 3, maxBufferedBytes: 2 ** 30 });
  try {
    expect(stalled.streams.size).toBe(1);
    // Enough rows to fill the socket's buffers; then the data waits, and the heartbeats see it wait.
    await stalled.flood(500, 10);
    expect(stalled.streams.size).toBe(0);
  } finally {
    await stalled.close();
  }
});

test('a stream that reads is kept across heartbeats', async () => {
  const config = defaultTenant();
  const tenant = createTenant(config);
  const views = createInspectionViews(
    tenant,
    { name: 'executed', status: 200, headers: {}, body: '{}' },
    executePath,
    createFaultRules([], seededRandom(1)),
  );
  const streams = createInspectionStreams(tenant, views, { heartbeatMs: 10, missedHeartbeats: 3 });
  const server = http.createServer((_req, res) => streams.open(res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const beats = await new Promise<number>((resolve) => {
      http.get(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, (res) => {
        let count = 0;
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          count += chunk.split(': keep-alive').length - 1;
          if (count >= 10) {
            res.destroy();
            resolve(count);
          }
        });
        res.on('close', () => resolve(count));
      });
    });
    expect(beats).toBeGreaterThanOrEqual(10);
  } finally {
    streams.closeAll();
    await new Promise((resolve) => server.close(resolve));
  }
});
