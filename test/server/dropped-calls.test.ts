import http from 'node:http';
import type { FaultRuleConfig } from '../../src/faults';
import type { TenantServer } from '../../src/node';
import type { Call } from '../../src/core/call-journal';
import type { AccessLogEvent } from '../../src/node/options';
import { executePath, keys, startTenant } from '../helpers/tenant';

// A call that ends in a drop is logged from the one place every answer is: one access-log line
// and one journal entry, with the drop as its answer and the status sent (0: none was).

let server: TenantServer;
let url: string;
let logged: AccessLogEvent[];
beforeEach(async () => {
  logged = [];
  ({ tenant: server, url } = await startTenant({ seed: 1, timeouts: { request: 300 }, log: (event) => logged.push(event) }));
});
afterEach(() => server.close());

/** Sends one call; `leaveAfterFirstByte` gives up as soon as any of the answer's body arrives, `leaveAfterMs` before any answer. */
function call(client: { leaveAfterFirstByte?: boolean; leaveAfterMs?: number } = {}): Promise<void> {
  return new Promise((resolve) => {
    const req = http.request(`${url}${executePath}?extension=MyTestWebhook`, {
      method: 'POST',
      agent: false,
      headers: { Authorization: keys.header, 'Content-Type': 'application/json' },
    });
    const timer = client.leaveAfterMs === undefined ? undefined : setTimeout(() => req.destroy(), client.leaveAfterMs);
    req.on('response', (res) => {
      res.on('data', () => {
        if (client.leaveAfterFirstByte) req.destroy();
      });
      res.on('end', () => resolve());
      res.on('error', () => resolve());
      res.on('close', () => resolve());
    });
    req.on('error', () => resolve());
    req.on('close', () => {
      clearTimeout(timer);
      resolve();
    });
    req.end('{"Subject":"Printer out of toner"}');
  });
}

async function loggedOne(): Promise<AccessLogEvent> {
  for (let tries = 0; tries < 250 && logged.length === 0; tries++) await new Promise((resolve) => setTimeout(resolve, 20));
  expect(logged).toHaveLength(1);
  return logged[0] as AccessLogEvent;
}

test.each<[string, FaultRuleConfig, Parameters<typeof call>[0], { answer: string; status: number; executionId?: number }]>([
  ['reset: no status line', { drop: 'reset' }, {}, { answer: 'drop:reset', status: 0 }],
  [
    'reset after the Action: the execution is named',
    { drop: 'reset', afterAction: true },
    {},
    { answer: 'drop:reset', status: 0, executionId: 1 },
  ],
  ['close: the status line and headers went out', { drop: 'close' }, {}, { answer: 'drop:close', status: 200 }],
  ['hang: cut at the request timeout, nothing sent', { drop: 'hang' }, {}, { answer: 'drop:hang', status: 0 }],
  ['hang: the client gives up first', { drop: 'hang' }, { leaveAfterMs: 50 }, { answer: 'drop:hang', status: 0 }],
  [
    'dribble: the client leaves mid-body',
    { drop: 'dribble' },
    { leaveAfterFirstByte: true },
    { answer: 'drop:dribble', status: 200, executionId: 1 },
  ],
  ['dribble to its end: an answer like any other', { drop: 'dribble' }, {}, { answer: 'executed+fault:rule', status: 200, executionId: 1 }],
  [
    'latency, the client gives up first: cut',
    { latency: { ms: 2_000 } },
    { leaveAfterMs: 50 },
    { answer: 'cut', status: 0, executionId: 1 },
  ],
])('%s', async (_label, config, client, want) => {
  server.faults.add({ name: 'rule', ...config });
  await call(client);
  const line = await loggedOne();
  expect(line).toMatchObject({
    method: 'POST',
    path: executePath,
    extension: 'MyTestWebhook',
    answer: want.answer,
    status: want.status,
    faultRule: 'rule',
    key: `…${keys.active.slice(-4)}`,
  });
  // The journal holds the same call, from the same values.
  const { calls } = (await (await fetch(`${url}/_mock/calls`)).json()) as { calls: Call[] };
  expect(calls.map((got) => [got.answer, got.status, got.faultRule, got.executionId, got.durationMs])).toEqual([
    [want.answer, want.status, 'rule', want.executionId, line.durationMs],
  ]);
});

test('a call no rule hit carries no rule, and is logged once', async () => {
  await call();
  const line = await loggedOne();
  expect(line).toMatchObject({ answer: 'executed', status: 200 });
  expect(line.faultRule).toBeUndefined();
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(logged).toHaveLength(1);
});
