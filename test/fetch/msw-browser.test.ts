/**
 * The browser entry of `ism-webhook-contract/msw` (the `browser` condition, dist/src/msw/browser.mjs)
 * runs where there is no Node: loaded in a child process that refuses every Node built-in and has
 * no Buffer (helpers/node-guard.js), its handlers answer through msw's getResponse, as setupWorker's would.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import type { TenantConfig } from '../../src/tenant';
import { body, contract, defaultTenant, jsonOfLength, keys, status } from '../helpers/tenant';

const root = path.resolve(__dirname, '../..');
const script = path.join(__dirname, 'helpers/msw-browser.mjs');

interface Plan {
  readonly options: { readonly tenantUrl: string; readonly tenant?: TenantConfig; readonly tenantFile?: string };
  readonly requests: readonly { url: string; method: string; headers: Record<string, string>; body?: string }[];
}

function runInBrowserShape(plan: Plan, entry?: string): Promise<{ code: number | null; lines: unknown[]; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [script, root, ...(entry ? [entry] : [])], { timeout: 60_000 }, (error, stdout, stderr) => {
      const lines =
        stdout.trim() === ''
          ? []
          : stdout
              .trimEnd()
              .split('\n')
              .map((line) => JSON.parse(line) as unknown);
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, lines, stderr });
    });
    child.stdin?.end(JSON.stringify(plan));
  });
}

const tenantUrl = 'https://your-tenant.example.test';
const post = (query: string, text = '{"Subject":"from a browser"}', authorization = keys.header) => ({
  url: `${tenantUrl}${contract.catalogue.path}${query}`,
  method: 'POST',
  headers: { Authorization: authorization, 'Content-Type': 'application/json' },
  body: text,
});

beforeAll(async () => {
  // The child loads dist/: it must be what src/ says (npm test builds before it tests).
  const built = await new Promise<number>((resolve) =>
    execFile(process.execPath, [path.join(root, 'scripts/build.js'), '--check'], (error) => resolve(error ? 1 : 0)),
  );
  if (built !== 0) throw new Error('dist/ is stale: run npm run build');
}, 60_000);

test.each([
  { name: 'executed', request: post('?extension=MyTestWebhook'), records: 1 },
  { name: 'missingExtension', request: post(''), records: 0 },
  { name: 'nonExistentWebhook', request: post('?extension=NonExistentWebhook'), records: 0 },
  { name: 'extensionDoesNotExist', request: post('?extension=blahblahWebhook'), records: 0 },
  { name: 'bodyTooLong', request: post('?extension=MyTestWebhook', jsonOfLength(contract.maxCharacters + 1)), records: 0 },
  { name: 'invalidApiKey', request: post('?extension=MyTestWebhook', undefined, 'rest_api_key=not-a-key'), records: 0 },
] as const)('no Node, the default tenant shipped as data: $name answers its documented bytes', async ({ name, request, records }) => {
  const ran = await runInBrowserShape({ options: { tenantUrl }, requests: [request] });
  expect(ran.stderr).toBe('');
  expect(ran.lines).toEqual([[status(name), body(name)], records]);
});

test('no Node, the shipped contract answers OData reads of the records just inserted (src/odata)', async () => {
  const read = (query: string, authorization = keys.header) => ({
    url: `${tenantUrl}/api/odata/businessobject/incidents${query}`,
    method: 'GET',
    headers: { Authorization: authorization },
  });
  const ran = await runInBrowserShape({
    options: { tenantUrl },
    requests: [
      post('?extension=MyTestWebhook'),
      read("?$filter=Subject eq 'from a browser'&$select=Subject"),
      read('', 'rest_api_key=not-a-key'),
    ],
  });
  expect(ran.stderr).toBe('');
  const invalidSession = contract.odata.odataInvalidSession;
  expect(ran.lines).toEqual([
    [status('executed'), body('executed')],
    [
      200,
      JSON.stringify({
        '@odata.context': `${tenantUrl}/api/odata/$metadata#incidents`,
        '@odata.count': 1,
        value: [{ Subject: 'from a browser' }],
      }),
    ],
    [invalidSession.status, invalidSession.body],
    1,
  ]);
});

test('no Node, a tenant given as a config object is the one that answers', async () => {
  const config = defaultTenant();
  const deactivated: TenantConfig = { ...config, apiKeys: config.apiKeys.map((key) => ({ ...key, activated: false })) };
  const request = post('?extension=MyTestWebhook');
  const ran = await runInBrowserShape({ options: { tenantUrl, tenant: deactivated }, requests: [request] });
  expect(ran.stderr).toBe('');
  expect(ran.lines).toEqual([[status('invalidApiKey'), body('invalidApiKey')], 0]);
});

test('no Node, tenantFile is refused with a TypeError that says to pass tenant', async () => {
  const ran = await runInBrowserShape({ options: { tenantUrl, tenantFile: 'fixtures/tenant.yaml' }, requests: [] });
  expect(ran.lines).toEqual([
    { threw: ['TypeError', expect.stringMatching(/tenantFile 'fixtures\/tenant\.yaml' cannot be read in a browser: pass .* in `tenant`/)] },
  ]);
});

test('the guard works: the Node entry of ./msw does not load under it', async () => {
  const ran = await runInBrowserShape({ options: { tenantUrl }, requests: [] }, 'dist/src/msw/index.mjs');
  expect(ran.stderr).toMatch(/Node built-in 'node:\w+' required by dist\/src\//);
  expect(ran.code).not.toBe(0);
});
