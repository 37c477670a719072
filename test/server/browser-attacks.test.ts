import type { AccessLogEvent } from '../../src/node/options';
import type { TenantServer } from '../../src/node';
import { maxNestingDepth } from '../../src/data-file/nesting-depth';
import { maxActiveRuleBytes } from '../../src/faults';
import { formatAccessLog } from '../../src/node/access-log';
import { rawRequest, type RawResponse } from '../helpers/raw-request';
import { body, executePath, keys, startTenant } from '../helpers/tenant';

// What a web page open in the developer's browser could do to the tenant on 127.0.0.1 (issue 19):
// each row is a request such a page can make, with the headers the browser gives it.
let tenant: TenantServer;
let url: string;
let port: number;
const events: AccessLogEvent[] = [];
beforeAll(async () => {
  ({ tenant, url } = await startTenant({ log: (event) => events.push(event), allowedHosts: ['tenant', '.example.test'] }));
  port = Number(new URL(url).port);
});
afterAll(() => tenant.close());
beforeEach(() => {
  tenant.faults.clear();
  tenant.tenant.clearExecutions();
  tenant.tenant.clearRecords();
});

const rule = JSON.stringify({
  match: { method: 'GET' },
  answer: { status: 200, contentType: 'text/html', body: '<script>alert(1)</script>' },
});

function call(method: string, path: string, headers: Record<string, string> = {}, text?: string): Promise<RawResponse> {
  return rawRequest(url, { method, path, headers, body: text === undefined ? undefined : Buffer.from(text) });
}
const execute = (headers: Record<string, string> = {}, text = '{"Subject":"hello"}', extension = 'MyTestWebhook') =>
  call(
    'POST',
    `${executePath}?extension=${extension}`,
    { Authorization: keys.header, 'Content-Type': 'application/json', ...headers },
    text,
  );

describe('the Host check (DNS rebinding)', () => {
  const routes: [string, string, string | undefined][] = [
    ['GET', '/_mock/', undefined],
    ['GET', '/_mock/events', undefined],
    ['GET', '/_mock/executions', undefined],
    ['GET', '/_mock/executions/1', undefined],
    ['GET', '/_mock/records', undefined],
    ['GET', '/_mock/calls', undefined],
    ['GET', '/_mock/tenant', undefined],
    ['GET', '/_mock/faults', undefined],
    ['POST', '/_mock/faults', rule],
    ['DELETE', '/_mock/faults', undefined],
    ['DELETE', '/_mock/executions', undefined],
    ['POST', `${executePath}?extension=MyTestWebhook`, '{"Subject":"rebound"}'],
  ];
  test.each(routes)('a foreign Host is refused (403) on %s %s, and nothing changes', async (method, path, text) => {
    const res = await call(
      method,
      path,
      { Host: `attacker.example:${port}`, Authorization: keys.header, 'Content-Type': 'application/json' },
      text,
    );
    expect(res.status).toBe(403);
    expect(JSON.parse(res.text)).toEqual({
      error: `the Host 'attacker.example:${port}' is not served here`,
      fix: expect.stringContaining('--allowed-hosts attacker.example'),
    });
    expect(tenant.faults.size).toBe(0);
    expect(tenant.tenant.executions()).toHaveLength(0);
  });

  test.each([
    ['127.0.0.1:PORT'],
    ['[::1]:PORT'],
    ['localhost:PORT'],
    ['LOCALHOST.:PORT'],
    ['app.localhost:PORT'],
    ['tenant:PORT'],
    ['tenant'],
    ['example.test:PORT'],
    ['api.example.test'],
  ])('Host %s is served', async (host) => {
    const res = await execute({ Host: host.replace('PORT', String(port)) });
    expect([res.status, res.text]).toEqual([200, body('executed')]);
  });

  test.each([
    ['1.2.3.4.attacker.example'],
    ['127.0.0.1.nip.io:PORT'],
    ['localhost.attacker.example'],
    ['tenant.evil'],
    ['example.test.evil'],
  ])('Host %s is not', async (host) => {
    expect((await execute({ Host: host.replace('PORT', String(port)) })).status).toBe(403);
  });
});

describe('no cross-site use of /_mock (CSRF)', () => {
  const other = () => `http://127.0.0.1:${port + 1}`;
  test.each<[string, Record<string, string>, number]>([
    ['a no-cors fetch with a text/plain body', { 'Content-Type': 'text/plain;charset=UTF-8' }, 415],
    ['a form post, url-encoded', { 'Content-Type': 'application/x-www-form-urlencoded' }, 415],
    ['a form post, multipart', { 'Content-Type': 'multipart/form-data; boundary=x' }, 415],
    ['no Content-Type', {}, 415],
    ['JSON from a page of another origin', { 'Content-Type': 'application/json', Origin: 'http://attacker.example' }, 403],
    ['JSON from another port of 127.0.0.1', { 'Content-Type': 'application/json', Origin: 'OTHER' }, 403],
    ['JSON from a sandboxed page (Origin: null)', { 'Content-Type': 'application/json', Origin: 'null' }, 403],
    ['JSON, Sec-Fetch-Site cross-site', { 'Content-Type': 'application/json', 'Sec-Fetch-Site': 'cross-site' }, 403],
    ['JSON, Sec-Fetch-Site same-site', { 'Content-Type': 'application/json', 'Sec-Fetch-Site': 'same-site' }, 403],
  ])('POST /_mock/faults: %s is refused, no rule added', async (_label, headers, want) => {
    const sent = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, value === 'OTHER' ? other() : value]));
    const res = await call('POST', '/_mock/faults', sent, rule);
    expect(res.status).toBe(want);
    expect(JSON.parse(res.text).fix).toEqual(expect.any(String));
    expect(tenant.faults.size).toBe(0);
  });

  test.each<[string, Record<string, string>]>([
    ['a program (no Origin, no Fetch metadata)', {}],
    ['the inspection page itself', { Origin: 'OWN', 'Sec-Fetch-Site': 'same-origin' }],
    ['the inspection page under localhost', { Host: 'localhost:PORT', Origin: 'http://localhost:PORT', 'Sec-Fetch-Site': 'same-origin' }],
    ['a request the user typed (Sec-Fetch-Site: none)', { 'Sec-Fetch-Site': 'none' }],
  ])('POST /_mock/faults from %s is served (201)', async (_label, headers) => {
    const sent = Object.fromEntries(
      Object.entries(headers).map(([name, value]) => [
        name,
        value === 'OWN' ? `http://127.0.0.1:${port}` : value.replace('PORT', String(port)),
      ]),
    );
    const res = await call('POST', '/_mock/faults', { 'Content-Type': 'application/json; charset=utf-8', ...sent }, rule);
    expect(res.status).toBe(201);
  });

  test.each<[string, string, Record<string, string>, number]>([
    ['a read by a page of another origin', '/_mock/executions', { Origin: 'http://attacker.example' }, 403],
    ['a read by another site (no-cors)', '/_mock/calls', { 'Sec-Fetch-Site': 'cross-site', 'Sec-Fetch-Mode': 'no-cors' }, 403],
    ['an event stream opened by another site', '/_mock/events', { 'Sec-Fetch-Site': 'same-site', 'Sec-Fetch-Mode': 'cors' }, 403],
    [
      'a link to the inspection page followed from another site',
      '/_mock/',
      { 'Sec-Fetch-Site': 'cross-site', 'Sec-Fetch-Mode': 'navigate' },
      200,
    ],
    ['a read by the page itself', '/_mock/tenant', { 'Sec-Fetch-Site': 'same-origin', 'Sec-Fetch-Mode': 'cors' }, 200],
  ])('GET: %s (%s)', async (_label, path, headers, want) => {
    expect((await call('GET', path, headers)).status).toBe(want);
  });

  test('DELETE from another origin is refused', async () => {
    tenant.faults.add({ drop: 'reset' });
    expect((await call('DELETE', '/_mock/faults', { Origin: 'http://attacker.example' })).status).toBe(403);
    expect(tenant.faults.size).toBe(1);
  });
});

describe('fault answers cannot act as pages', () => {
  test('a text/html answer is sandboxed and not sniffed; so is a named answer', async () => {
    tenant.faults.add({
      match: { extension: 'MyTestWebhook' },
      answer: { status: 200, contentType: 'text/html', body: '<script>alert(1)</script>' },
    });
    tenant.faults.add({ answer: { name: 'bodyTooLong' } });
    for (const extension of ['MyTestWebhook', 'MyXmlWebhook']) {
      const res = await execute({}, '{"Subject":"x"}', extension);
      expect(res.headers['content-security-policy']).toBe("sandbox; default-src 'none'");
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  test.each([
    ['Set-Cookie', { headers: { 'Set-Cookie': 'session=1; Path=/' } }, ['answer', 'headers', 'Set-Cookie']],
    ['set-cookie in lower case', { headers: { 'set-cookie': 'a=1' } }, ['answer', 'headers', 'set-cookie']],
    ['Transfer-Encoding', { headers: { 'Transfer-Encoding': 'chunked' } }, ['answer', 'headers', 'Transfer-Encoding']],
    ['Content-Length', { headers: { 'Content-Length': '5' } }, ['answer', 'headers', 'Content-Length']],
    ['Connection', { headers: { Connection: 'keep-alive' } }, ['answer', 'headers', 'Connection']],
    [
      'a weaker Content-Security-Policy',
      { headers: { 'content-security-policy': 'default-src *' } },
      ['answer', 'headers', 'content-security-policy'],
    ],
    ['a header value with CR/LF', { headers: { 'X-Note': 'a\r\nSet-Cookie: a=1' } }, ['answer', 'headers', 'X-Note']],
    ['a contentType with CR/LF', { contentType: 'text/plain\r\nSet-Cookie: a=1' }, ['answer', 'contentType']],
    ['a contentType that is not a media type', { contentType: 'html' }, ['answer', 'contentType']],
  ])('a rule setting %s is refused (400), the field named', async (_label, answer, where) => {
    const res = await call(
      'POST',
      '/_mock/faults',
      { 'Content-Type': 'application/json' },
      JSON.stringify({ answer: { status: 200, ...answer } }),
    );
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text).problems).toEqual(
      expect.arrayContaining([expect.objectContaining({ where: expect.stringContaining(where.join('.')) })]),
    );
    expect(tenant.faults.size).toBe(0);
  });

  test('a media type with parameters is accepted', async () => {
    const res = await call(
      'POST',
      '/_mock/faults',
      { 'Content-Type': 'application/json' },
      JSON.stringify({ answer: { status: 503, contentType: 'text/plain; charset="utf-8"' } }),
    );
    expect(res.status).toBe(201);
  });
});

describe('bounded input before any parser', () => {
  test('depth 1,000 posted five times: each a 400 naming the bound, and Execute still answers', async () => {
    const deep = `${'['.repeat(1000)}${']'.repeat(1000)}`;
    for (let i = 0; i < 5; i++) {
      const res = await call('POST', '/_mock/faults', { 'Content-Type': 'application/json' }, deep);
      expect(res.status).toBe(400);
      expect(res.text).toContain(`nested deeper than ${maxNestingDepth} levels`);
    }
    const deepObject = `${'{"a":'.repeat(1000)}1${'}'.repeat(1000)}`;
    expect((await call('POST', '/_mock/faults', { 'Content-Type': 'application/json' }, deepObject)).status).toBe(400);
    expect((await execute()).text).toBe(body('executed'));
  });

  test(`the active rules hold at most ${maxActiveRuleBytes} bytes: past it a 413 says so`, async () => {
    const big = JSON.stringify({ answer: { status: 503, body: 'x'.repeat(60_000) } });
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) statuses.push((await call('POST', '/_mock/faults', { 'Content-Type': 'application/json' }, big)).status);
    const accepted = statuses.filter((status) => status === 201).length;
    expect(accepted).toBe(Math.floor(maxActiveRuleBytes / 60_050));
    expect(statuses.slice(accepted)).toEqual(Array(20 - accepted).fill(413));
    const refused = await call('POST', '/_mock/faults', { 'Content-Type': 'application/json' }, big);
    expect(JSON.parse(refused.text)).toEqual({
      error: expect.stringContaining(`more than ${maxActiveRuleBytes}`),
      fix: expect.stringContaining('DELETE /_mock/faults'),
    });
    expect((await call('GET', '/_mock/faults')).text.length).toBeLessThan(maxActiveRuleBytes * 1.1);
  });
});

describe('one redaction in every view', () => {
  const secrets = ['session=s3cr3t-cookie', 'Basic cHJveHk6c2VjcmV0', 'opaque-token-123', 'ism-key-456', 'apim-789', 'sha256=abcdef'];
  test('credential headers, a key in another header or the body (any case), a key as the extension or in the path are never shown', async () => {
    events.length = 0;
    await call('DELETE', '/_mock/calls');
    const lower = keys.active.toLowerCase();
    await execute(
      {
        Cookie: secrets[0] as string,
        'Proxy-Authorization': secrets[1] as string,
        'X-Auth-Token': secrets[2] as string,
        'X-Api-Key': keys.active,
        'X-Secret': lower,
        'X-Note': `key=${lower}`,
        'X-Ism-Key': secrets[3] as string,
        'Ocp-Apim-Subscription-Key': secrets[4] as string,
        'X-Signature': secrets[5] as string,
      },
      JSON.stringify({ Subject: `my key is ${keys.active}`, Symptom: lower }),
    );
    await execute({}, '{"Subject":"x"}', keys.active);
    await call('POST', `${executePath}/${keys.active}?extension=MyTestWebhook`, { Authorization: keys.header }, '{}');
    const id = tenant.tenant.executions()[0]?.id;
    const views = await Promise.all(
      ['/_mock/executions', `/_mock/executions/${id}`, '/_mock/records', '/_mock/calls'].map((path) => call('GET', path)),
    );
    const hint = `…${keys.active.slice(-4)}`;
    for (const view of [
      ...views.map((res) => res.text),
      ...events.map((event) => formatAccessLog(event)),
      ...events.map((event) => formatAccessLog(event, 'json')),
    ]) {
      expect(view.toLowerCase()).not.toContain(lower);
      for (const secret of secrets) expect(view).not.toContain(secret);
    }
    // The caller's data is kept as sent, the key shown as its hint.
    const detail = JSON.parse(views[1]?.text as string);
    expect(detail.body.text).toBe(JSON.stringify({ Subject: `my key is ${hint}`, Symptom: hint }));
    expect(Object.fromEntries(detail.requestHeaders)).toMatchObject({
      Authorization: `rest_api_key=${hint}`,
      Cookie: '[redacted]',
      'Proxy-Authorization': '[redacted]',
      'X-Auth-Token': '[redacted]',
      'X-Api-Key': '[redacted]',
      'X-Secret': '[redacted]',
      'X-Note': `key=${hint}`,
      'X-Ism-Key': '[redacted]',
      'Ocp-Apim-Subscription-Key': '[redacted]',
      'X-Signature': '[redacted]',
    });
    const list = JSON.parse(views[0]?.text as string).executions[0];
    expect(list.requestHeaders).toEqual(detail.requestHeaders);
    expect(list.webhookBody).toEqual({ Subject: `my key is ${hint}`, Symptom: hint });
    expect(JSON.parse(views[2]?.text as string).records[0].fields.Subject).toBe(`my key is ${hint}`);
    const calls = JSON.parse(views[3]?.text as string).calls;
    expect(calls.map((one: { extension: string }) => one.extension)).toEqual([undefined, hint, 'MyTestWebhook']);
    expect(events.filter((event) => event.path === executePath).map((event) => event.extension)).toEqual(['MyTestWebhook', hint]);
    expect(calls[0].path).toBe(`${executePath}/${hint}`);
  });
});
