import { deliver, recordLookup, type DeliverOptions, type Delivery } from '../../examples/resilient-caller/deliver';
import { loadContract } from '../../src/contract';
import type { FaultRuleConfig } from '../../src/faults';
import { createProxyServer } from '../../src/proxy/create-proxy-server';
import type { TenantServer } from '../../src/node';
import type { TenantConfig } from '../../src/tenant';
import { defaultTenant, keys, startTenant } from '../helpers/tenant';

/** The default tenant, its JSON Action also keeping the caller's event id (the idempotency key). */
function tenantWithEventIds(): TenantConfig {
  const config = defaultTenant();
  const actions = config.actions.map((action) =>
    action.webhookBody === 'json'
      ? { ...action, insert: { ...action.insert, fields: { ...action.insert.fields, EventId: '/EventId' } } }
      : action,
  );
  return { ...config, actions };
}

let now = 1_700_000_000_000;
let server: TenantServer;
let url: string;
let slept: number[];
beforeEach(async () => {
  slept = [];
  ({ tenant: server, url } = await startTenant({ tenant: tenantWithEventIds(), clock: () => now, seed: 9, timeouts: { request: 2_000 } }));
});
afterEach(() => server.close());

const recordsOf = (eventId: string): number =>
  server.tenant.records('Incident').filter((record) => record.fields.EventId === eventId).length;
const options = (guarded: boolean): DeliverOptions => ({
  tenantUrl: url,
  apiKey: keys.active,
  extension: 'MyTestWebhook',
  timeoutMs: 500,
  // The test's sleep moves the tenant's clock: rate-limit windows pass without waiting.
  sleep: async (ms) => {
    slept.push(ms);
    now += ms;
  },
  // The guard asks the reference tenant's OData, as a caller asks a real tenant.
  alreadyDelivered: guarded ? recordLookup({ tenantUrl: url, apiKey: keys.active }) : undefined,
});
const event = (id: string) => ({ id, fields: { Subject: `Event ${id}`, Priority: '3' } });

test.each<[string, FaultRuleConfig, boolean, Partial<Delivery>, number]>([
  [
    'a reset before the Action: retried, one record',
    { drop: 'reset', times: 1 },
    true,
    { ok: true, attempts: 2, confirmedBy: 'answer' },
    1,
  ],
  [
    'a reset after the Action: the guard sees the record, no duplicate',
    { drop: 'reset', afterAction: true, times: 1 },
    true,
    { ok: true, attempts: 1, confirmedBy: 'guard' },
    1,
  ],
  [
    'a reset after the Action, without the guard: the duplicate the guard prevents',
    { drop: 'reset', afterAction: true, times: 1 },
    false,
    { ok: true, attempts: 2 },
    2,
  ],
  [
    'the answer cut after its headers, after the Action',
    { drop: 'close', afterAction: true, times: 1 },
    true,
    { ok: true, attempts: 1, confirmedBy: 'guard' },
    1,
  ],
  [
    'a 502 from a gateway after the Action',
    { answer: { status: 502, body: 'Bad Gateway' }, afterAction: true, times: 2 },
    true,
    { ok: true, attempts: 1, confirmedBy: 'guard' },
    1,
  ],
  [
    'no answer at all (hang): a timeout, then a retry',
    { drop: 'hang', times: 1 },
    true,
    { ok: true, attempts: 2, confirmedBy: 'answer' },
    1,
  ],
  [
    'a 503 twice: backoff, then delivered',
    { answer: { status: 503, headers: { 'Retry-After': '1' } }, times: 2 },
    true,
    { ok: true, attempts: 3 },
    1,
  ],
  ['a refusal (400) is not retried', { answer: { name: 'bodyTooLong' } }, true, { ok: false, attempts: 1 }, 0],
])('%s', async (_label, rule, guarded, expected, records) => {
  server.faults.add(rule);
  const delivery = await deliver(event('e1'), options(guarded));
  expect(delivery).toMatchObject(expected);
  expect(recordsOf('e1')).toBe(records);
});

test('throttled (429): waits what Retry-After says, then delivers', async () => {
  server.faults.add({ rateLimit: { requests: 1, perSeconds: 30 } });
  expect(await deliver(event('first'), options(true))).toMatchObject({ ok: true, attempts: 1 });
  expect(await deliver(event('second'), options(true))).toMatchObject({ ok: true, attempts: 2 });
  expect(slept).toEqual([30_000]);
  expect([recordsOf('first'), recordsOf('second')]).toEqual([1, 1]);
});

test('a flaky tenant (half the answers lost after the Action, seeded): every event once', async () => {
  server.faults.add({ probability: 0.5, drop: 'reset', afterAction: true });
  const ids = Array.from({ length: 20 }, (_, index) => `flaky-${index}`);
  const deliveries = [];
  for (const id of ids) deliveries.push(await deliver(event(id), options(true)));
  expect(deliveries.every((delivery) => delivery.ok)).toBe(true);
  expect(deliveries.filter((delivery) => delivery.ok && delivery.confirmedBy === 'guard').length).toBeGreaterThan(0);
  expect(ids.map(recordsOf)).toEqual(ids.map(() => 1));
});

test('a lookup the tenant refuses (a key that may not read): the delivery stops rather than risk a duplicate', async () => {
  server.faults.add({ drop: 'reset', afterAction: true, times: 1 });
  const delivery = await deliver(event('refused-lookup'), {
    ...options(false),
    alreadyDelivered: recordLookup({ tenantUrl: url, apiKey: keys.deactivated }),
  });
  expect(delivery).toMatchObject({ ok: false, attempts: 1, reason: expect.stringContaining('cannot tell whether it was delivered') });
  expect(delivery.ok === false && delivery.reason).toContain('the record lookup answered 401');
  expect(recordsOf('refused-lookup')).toBe(1);
});

test.each([
  ['an id with a quote, looked up exactly', "it's-1", true],
  ['an id never sent', 'never-sent', false],
])('recordLookup: %s', async (_label, id, found) => {
  expect((await deliver(event("it's-1"), options(true))).ok).toBe(true);
  expect(await recordLookup({ tenantUrl: url, apiKey: keys.active })(id)).toBe(found);
});

// The same guard through `ism-webhooks proxy` in front of the tenant (issue 24): the proxy drops the
// answer after the upstream ran the Action, and the record lookup goes through the proxy too.
test.each<[string, FaultRuleConfig, Partial<Delivery>]>([
  ['a reset after the Action, given by the proxy', { drop: 'reset', afterAction: true, times: 1 }, { confirmedBy: 'guard', attempts: 1 }],
  [
    'a 502 from the proxy after the Action',
    { answer: { status: 502, body: 'Bad Gateway' }, afterAction: true, times: 1 },
    { confirmedBy: 'guard', attempts: 1 },
  ],
  ['a reset before forwarding', { drop: 'reset', times: 1 }, { confirmedBy: 'answer', attempts: 2 }],
])('through the proxy: %s, one record', async (_label, rule, expected) => {
  const proxy = createProxyServer({ contract: loadContract(), upstream: new URL(url), faults: [rule] });
  const proxyUrl = await proxy.listen(0, '127.0.0.1');
  try {
    const delivery = await deliver(event('via-proxy'), {
      ...options(true),
      tenantUrl: proxyUrl,
      alreadyDelivered: recordLookup({ tenantUrl: proxyUrl, apiKey: keys.active }),
    });
    expect(delivery).toMatchObject({ ok: true, ...expected });
    expect(recordsOf('via-proxy')).toBe(1);
  } finally {
    await proxy.close();
  }
});
