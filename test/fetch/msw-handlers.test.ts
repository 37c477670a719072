/** createTenantHandlers: what `tenantUrl` covers (a base path included) and what it refuses. */
import { setupServer } from 'msw/node';
import { createTenantHandlers } from '../../src/msw';
import { body, contract, defaultTenant, keys } from '../helpers/tenant';

const config = defaultTenant();
const execute = (base: string) => `${base}${contract.catalogue.path}?extension=MyTestWebhook`;

test.each([
  { tenantUrl: 'https://tenant.example.test', url: execute('https://tenant.example.test'), want: [200, body('executed')] },
  { tenantUrl: 'https://host.example.test/HEAT/', url: execute('https://host.example.test/HEAT'), want: [200, body('executed')] },
  { tenantUrl: 'https://host.example.test/HEAT', url: 'https://host.example.test/HEAT/no/such/path', want: [404, 'Not Found'] },
])('tenantUrl $tenantUrl: $url answers $want.0', async ({ tenantUrl, url, want }) => {
  const { handlers, tenant } = createTenantHandlers({ tenantUrl, contract, tenant: config });
  const server = setupServer(...handlers);
  server.listen({ onUnhandledRequest: 'error' });
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { Authorization: keys.header, 'Content-Type': 'application/json' },
      body: '{"Subject":"msw"}',
    });
    expect([response.status, await response.text()]).toEqual(want);
    expect(tenant.executions()).toHaveLength(want[0] === 200 ? 1 : 0);
  } finally {
    server.close();
  }
});

test('a call outside tenantUrl is not theirs: MSW reports it unhandled', async () => {
  const { handlers } = createTenantHandlers({ tenantUrl: 'https://host.example.test/HEAT', contract, tenant: config });
  const server = setupServer(...handlers);
  server.listen({ onUnhandledRequest: 'error' });
  const printed = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    await expect(fetch(execute('https://other.example.test'), { method: 'POST' })).rejects.toThrow();
    expect(String(printed.mock.calls[0]?.[0])).toContain('without a matching request handler');
  } finally {
    printed.mockRestore();
    server.close();
  }
});

test('a tenantUrl that is not an absolute URL is refused, named', () => {
  expect(() => createTenantHandlers({ tenantUrl: 'your-tenant', contract, tenant: config })).toThrow(
    "tenantUrl must be an absolute URL such as https://your-tenant.example.com, got 'your-tenant'",
  );
});

test('createTenantHandlers takes the fault rules a test against a port takes, and serves /_mock', async () => {
  const tenantUrl = 'https://tenant.example.test';
  const { handlers } = createTenantHandlers({ tenantUrl, contract, tenant: config, faults: [{ drop: 'reset', times: 1 }] });
  const server = setupServer(...handlers);
  server.listen({ onUnhandledRequest: 'error' });
  try {
    const call = () =>
      fetch(execute(tenantUrl), {
        method: 'POST',
        headers: { Authorization: keys.header, 'Content-Type': 'application/json' },
        body: '{}',
      });
    await expect(call()).rejects.toThrow(TypeError);
    expect((await call()).status).toBe(200);
    const calls = (await (await fetch(`${tenantUrl}/_mock/calls`)).json()) as { calls: { answer: string }[] };
    expect(calls.calls.map((each) => each.answer)).toEqual(['executed', 'drop:reset']);
  } finally {
    server.close();
  }
});
