// Run by vitest in a consumer project (test/package/consumer.test.ts copies it there as
// environments.test.mts), once per environment: node, jsdom, happy-dom. The fetch handler and the
// MSW handlers read `request.body` as a stream; under jsdom its chunks are typed arrays of another
// realm, which the tenant must accept as it does in Node.
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTenantFetch } from 'ism-webhook-contract';
import { createTenantHandlers } from 'ism-webhook-contract/msw';

const tenantUrl = 'https://your-tenant.example.com';
const execute = `${tenantUrl}/api/rest/Webhooks/Execute?extension=MyTestWebhook`;
const headers = { Authorization: 'rest_api_key=A1B2C3D4E5F60718293A4B5C6D7E8F90', 'Content-Type': 'application/json' };
const msw = createTenantHandlers({ tenantUrl });
const server = setupServer(...msw.handlers);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

test('the fetch handler runs the webhook and keeps the limit', async () => {
  const handle = createTenantFetch();
  const ok = await handle(new Request(execute, { method: 'POST', headers, body: JSON.stringify({ Subject: 'Printer out of toner' }) }));
  expect(ok.status).toBe(200);
  expect(handle.tenant.records('Incident')[0]?.fields.Subject).toBe('Printer out of toner');
  const long = await handle(new Request(execute, { method: 'POST', headers, body: JSON.stringify({ Subject: 'a'.repeat(100_000) }) }));
  expect([long.status, ((await long.json()) as { Message: string }).Message]).toEqual([
    400,
    'Unhandled system exception: Request Body must be less than or equal to 100,000 characters',
  ]);
});

test('the MSW handlers answer fetch as the tenant', async () => {
  const ok = await fetch(execute, { method: 'POST', headers, body: JSON.stringify({ Subject: 'Printer out of toner' }) });
  expect(ok.status).toBe(200);
  expect(msw.tenant.executions()).toHaveLength(1);
  const refused = await fetch(execute, { method: 'GET' });
  expect([refused.status, refused.headers.get('Allow')]).toEqual([405, 'POST']);
});
