/**
 * Where the core (src/core/tenant-core.ts) answers OData reads, the same through every edge: after
 * the request guard's screening, with CORS when asked, recorded in the call journal as
 * `odata:NAME`, and never faulted (docs/decisions.md #34). The reads themselves are edges.test.ts's.
 */
import http from 'node:http';
import { setupServer } from 'msw/node';
import { requestOrigin } from '../../src/core/request-target';
import type { FaultRuleConfig } from '../../src/faults';
import { createTenantFetch } from '../../src/fetch';
import { createTenantHandlers } from '../../src/msw';
import { contract, defaultTenant, executePath, keys, startTenant } from '../helpers/tenant';

const config = defaultTenant();
const auth = { Authorization: keys.header };
const incidents = '/api/odata/businessobject/incidents';

interface Options {
  readonly faults?: readonly FaultRuleConfig[];
  readonly cors?: boolean;
}
type Send = (url: string, init?: RequestInit) => Promise<Response>;

const edges: [string, (options: Options) => Promise<{ base: string; send: Send; close: () => Promise<void> }>][] = [
  [
    'node:http',
    async (options) => {
      const { tenant, url } = await startTenant(options);
      return { base: url, send: (target, init) => fetch(target, init), close: () => tenant.close() };
    },
  ],
  [
    'fetch handler',
    async (options) => {
      const handle = createTenantFetch({ contract, tenant: config, ...options });
      return {
        base: 'https://tenant.example.test',
        send: (target, init) => handle(new Request(target, init)),
        close: async () => undefined,
      };
    },
  ],
  [
    'MSW',
    async (options) => {
      const base = 'https://tenant.example.test';
      const server = setupServer(...createTenantHandlers({ tenantUrl: base, contract, tenant: config, ...options }).handlers);
      server.listen({ onUnhandledRequest: 'error' });
      return { base, send: (target, init) => fetch(target, init), close: async () => server.close() };
    },
  ],
];

describe.each(edges)('%s', (_name, open) => {
  test('a fault rule that answers every call leaves OData reads alone', async () => {
    const { base, send, close } = await open({ faults: [{ name: 'everything', answer: { status: 503, body: 'down' } }] });
    try {
      const executed = await send(`${base}${executePath}?extension=MyTestWebhook`, {
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json' },
        body: '{"Subject":"x"}',
      });
      expect(executed.status).toBe(503);
      const read = await send(`${base}${incidents}`, { headers: auth });
      expect(read.status).toBe(200);
      expect(await read.json()).toMatchObject({ '@odata.count': 0, value: [] });
    } finally {
      await close();
    }
  });

  test.each([
    [true, '*'],
    [false, null],
  ])('cors %s: an OData answer carries Access-Control-Allow-Origin %s', async (cors, allowOrigin) => {
    const { base, send, close } = await open({ cors });
    try {
      const read = await send(`${base}${incidents}`, { headers: auth });
      expect(read.status).toBe(200);
      expect(read.headers.get('access-control-allow-origin')).toBe(allowOrigin);
    } finally {
      await close();
    }
  });

  test('the call journal names each read odata:NAME, with no extension, and the reading key by its hint', async () => {
    const { base, send, close } = await open({});
    try {
      await send(`${base}${incidents}`, { headers: auth });
      await send(`${base}/api/odata/businessobject/alertssdf`, { headers: auth });
      await send(`${base}${incidents}`, { headers: { Authorization: 'rest_api_key=NOT-A-KEY-OF-THIS-TENANT' } });
      type Call = { answer: string; extension?: string; keyHint?: string };
      const { calls } = (await (await send(`${base}/_mock/calls`)).json()) as { calls: Call[] };
      const hint = `…${keys.active.slice(-4)}`;
      expect(calls.map(({ answer, extension, keyHint }) => [answer, extension, keyHint])).toEqual(
        expect.arrayContaining([
          ['odata:records', undefined, hint],
          ['odata:invalidPath', undefined, hint],
          ['odata:odataInvalidSession', undefined, undefined],
        ]),
      );
    } finally {
      await close();
    }
  });
});

/** A GET over node:http with the Host header given, since fetch sets its own. */
function get(url: string, path: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.get(`${url}${path}`, { headers: { ...auth, Host: host } }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (piece: string) => (body += piece));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('error', reject);
  });
}

test('node:http: the request guard refuses an OData read under a rebound Host name before it is answered', async () => {
  const { tenant, url } = await startTenant();
  try {
    const refused = await get(url, incidents, 'attacker.example');
    expect(refused.status).toBe(403);
    expect(refused.body).not.toContain('@odata');
    const served = await get(url, incidents, 'localhost');
    expect(served.status).toBe(200);
    expect(JSON.parse(served.body)['@odata.context']).toBe('http://localhost/api/odata/$metadata#incidents');
  } finally {
    await tenant.close();
  }
});

test.each([
  ['origin-form: http and the Host header', '/api/odata/x', '127.0.0.1:4010', 'http://127.0.0.1:4010'],
  ['origin-form without a Host', '/api/odata/x', undefined, 'http://127.0.0.1'],
  [
    'absolute-form (the fetch edge): its own scheme and authority',
    'https://tenant.example.test/api/odata/x?$top=1',
    'other',
    'https://tenant.example.test',
  ],
  ['absolute-form, no path', 'http://Tenant.Example:8080', undefined, 'http://Tenant.Example:8080'],
])('requestOrigin, %s', (_case, target, host, origin) => {
  expect(requestOrigin(target, host)).toBe(origin);
});
