import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { createInspectionViews } from '../../src/core/inspection-views';
import { createFaultRules, seededRandom } from '../../src/faults';
import { createInspectionStreams, type InspectionStreamOptions, type InspectionStreams } from '../../src/node/inspection-stream';
import { createTenant, type Tenant } from '../../src/tenant';
import { defaultTenant, executePath } from './tenant';

/**
 * The inspection page's event stream opened by a tab that never reads (a paused socket), on a
 * tenant of its own: `flood` executes rows until the stream is closed or `rounds` run out, pausing
 * `pauseMs` between rounds of 200, so the socket's buffers fill and the stream's bounds are tested.
 */
export async function stalledStream(options: Partial<InspectionStreamOptions>): Promise<{
  readonly streams: InspectionStreams;
  flood(rounds: number, pauseMs: number): Promise<void>;
  close(): Promise<void>;
}> {
  const tenant: Tenant = createTenant(defaultTenant());
  const views = createInspectionViews(
    tenant,
    { name: 'executed', status: 200, headers: {}, body: '{}' },
    executePath,
    createFaultRules([], seededRandom(1)),
  );
  const streams = createInspectionStreams(tenant, views, options);
  const server = http.createServer((_req, res) => streams.open(res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const socket = net.connect((server.address() as AddressInfo).port, '127.0.0.1');
  socket.on('error', () => undefined);
  socket.write('GET /_mock/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
  socket.pause(); // a tab that never reads
  for (let wait = 0; wait < 1000 && streams.size === 0; wait++) await new Promise((resolve) => setTimeout(resolve, 5));
  const found = tenant.lookup('MyTestWebhook');
  if (found.kind !== 'found') throw new Error('fixture lacks MyTestWebhook');
  const text = JSON.stringify({ Subject: 'y'.repeat(100), Description: 'z'.repeat(100) });
  const body = { format: 'json' as const, text, value: JSON.parse(text) as Record<string, unknown> };
  return {
    streams,
    async flood(rounds, pauseMs) {
      for (let round = 0; round < rounds && streams.size > 0; round++) {
        for (let i = 0; i < 200; i++) {
          tenant.execute({
            webhook: found.webhook,
            action: found.action,
            key: { name: 'k', hint: '…0000' },
            body,
            receivedAt: 0,
            request: { method: 'POST', headers: '' },
          });
        }
        await new Promise((resolve) => setTimeout(resolve, pauseMs));
      }
    },
    async close() {
      socket.destroy();
      streams.closeAll();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
