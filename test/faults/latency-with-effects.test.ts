/**
 * A rule's latency with its answer or drop (the delay, then the answer or drop), and the order rule
 * said aloud: `GET /_mock/faults` names it, and a rule posted behind one that always decides first
 * is added with a warning. The same in every edge: node:http, the fetch handler, MSW.
 */
import { performance } from 'node:perf_hooks';
import { setupServer } from 'msw/node';
import type { FaultRuleConfig } from '../../src/faults';
import { createTenantFetch } from '../../src/fetch';
import { createTenantHandlers } from '../../src/msw';
import { createTenantServer } from '../../src/node';
import type { Tenant } from '../../src/tenant';
import { body, contract, defaultTenant, keys } from '../helpers/tenant';

/** An edge under test: where it answers, how to call it, and its tenant. */
interface Edge {
  readonly base: string;
  readonly call: (url: string, init?: RequestInit) => Promise<Response>;
  readonly tenant: Tenant;
  readonly close: () => Promise<void>;
}

const tenantUrl = 'https://tenant.example.test';
const edges: [string, (faults: FaultRuleConfig[]) => Promise<Edge>][] = [
  [
    'node:http',
    async (faults) => {
      const server = createTenantServer({ contract, tenant: defaultTenant(), faults });
      const base = await server.listen(0);
      return { base, call: (url, init) => fetch(url, init), tenant: server.tenant, close: () => server.close() };
    },
  ],
  [
    'fetch handler',
    async (faults) => {
      const handle = createTenantFetch({ contract, tenant: defaultTenant(), faults });
      return { base: tenantUrl, call: (url, init) => handle(new Request(url, init)), tenant: handle.tenant, close: async () => undefined };
    },
  ],
  [
    'MSW',
    async (faults) => {
      const { handlers, tenant } = createTenantHandlers({ tenantUrl, contract, tenant: defaultTenant(), faults });
      const server = setupServer(...handlers);
      server.listen({ onUnhandledRequest: 'error' });
      return { base: tenantUrl, call: (url, init) => fetch(url, init), tenant, close: async () => server.close() };
    },
  ],
];

const latencyMs = 150;
const execute = (edge: Edge): Promise<Response> =>
  edge.call(`${edge.base}${contract.catalogue.path}?extension=MyTestWebhook`, {
    method: 'POST',
    headers: { Authorization: keys.header, 'Content-Type': 'application/json' },
    body: '{"Subject":"slow, then down"}',
  });

/** What the caller got, and how long it waited at least (a lower bound: a loaded machine only makes it later). */
async function outcome(edge: Edge): Promise<{ got: (number | string)[]; waited: boolean }> {
  const started = performance.now();
  let got: (number | string)[];
  try {
    const response = await execute(edge);
    try {
      got = [response.status, await response.text()];
    } catch (error) {
      got = [response.status, `body failed: ${(error as Error).name}`];
    }
  } catch (error) {
    got = [`failed: ${(error as Error).name}`];
  }
  return { got, waited: performance.now() - started >= latencyMs - 5 };
}

describe.each(edges)('%s', (_edge, start) => {
  test.each<[string, FaultRuleConfig, (number | string)[], number]>([
    ['latency, then an answer of its own', { answer: { status: 503, body: 'down' } }, [503, 'down'], 0],
    ['latency, then a named answer', { answer: { name: 'bodyTooLong' } }, [400, body('bodyTooLong')], 0],
    ['latency, then an answer after the Action', { answer: { status: 502, body: 'gateway' }, afterAction: true }, [502, 'gateway'], 1],
    ['latency, then drop: reset', { drop: 'reset' }, ['failed: TypeError'], 0],
    ['latency, then drop: close', { drop: 'close' }, [200, 'body failed: TypeError'], 0],
    ['latency, then drop: dribble', { drop: 'dribble' }, [200, body('executed')], 1],
  ])('%s', async (_label, effect, want, records) => {
    const edge = await start([{ latency: { ms: latencyMs }, ...effect }]);
    try {
      expect(await outcome(edge)).toEqual({ got: want, waited: true });
      expect(edge.tenant.records('Incident')).toHaveLength(records);
    } finally {
      await edge.close();
    }
  });

  test('GET /_mock/faults says the order; a rule behind one that always decides first is added with a warning', async () => {
    const edge = await start([]);
    const faults = `${edge.base}/_mock/faults`;
    const post = async (rule: FaultRuleConfig) =>
      (await edge.call(faults, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(rule) })).json();
    try {
      expect(await post({ name: 'slow', latency: { ms: 1 } })).not.toHaveProperty('warning');
      const added = (await post({ answer: { status: 503 } })) as { id: string; warning?: string };
      expect(added.warning).toMatch(
        /^this rule never applies: rule f1 \('slow'\) matches every call it matches, always, and the first matching rule decides/,
      );
      expect(await post({ match: { method: 'GET' }, answer: { status: 503 } })).not.toHaveProperty('warning');
      const listed = (await (await edge.call(faults)).json()) as { order: string; faultRules: { id: string; shadowedBy?: string }[] };
      expect(listed.order).toBe('first matching rule decides');
      expect(listed.faultRules.map((rule) => [rule.id, rule.shadowedBy])).toEqual([
        ['f1', undefined],
        ['f2', 'f1'],
        ['f3', undefined],
      ]);
    } finally {
      await edge.close();
    }
  });
});
