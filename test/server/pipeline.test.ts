import request from 'supertest';
import type { AnswerName } from '../../src/contract';
import type { TenantServer } from '../../src/node';
import { rawRequest } from '../helpers/raw-request';
import { body, executePath, jsonOfLength, keys, startTenant, status } from '../helpers/tenant';

let tenant: TenantServer;
let url: string;
beforeAll(async () => ({ tenant, url } = await startTenant()));
afterAll(() => tenant.close());
beforeEach(() => {
  tenant.tenant.clearExecutions();
  tenant.tenant.clearRecords();
});

interface Case {
  method?: string;
  query?: string;
  authorization?: string | null;
  contentType?: string | null;
  payload?: string | Buffer;
  want: AnswerName;
}
const json = 'application/json';
const ok = '{"Subject":"Printer out of toner","Priority":"3"}';
const post = (overrides: Partial<Case> & { want: AnswerName }): Case => ({
  method: 'POST',
  query: '?extension=MyTestWebhook',
  authorization: keys.header,
  contentType: json,
  payload: ok,
  ...overrides,
});

async function send(c: Case): Promise<{ status: number; text: string; headers: Record<string, unknown> }> {
  if (Buffer.isBuffer(c.payload)) {
    const headers: Record<string, string> = {};
    if (c.authorization) headers.Authorization = c.authorization;
    if (c.contentType) headers['Content-Type'] = c.contentType;
    return rawRequest(url, { method: c.method, path: `${executePath}${c.query ?? ''}`, headers, body: c.payload });
  }
  const method = (c.method ?? 'POST').toLowerCase() as 'post' | 'get' | 'put' | 'patch' | 'delete';
  let req = request(url)[method](`${executePath}${c.query ?? ''}`);
  if (c.authorization) req = req.set('Authorization', c.authorization);
  if (c.contentType) req = req.set('Content-Type', c.contentType);
  return c.payload !== undefined && method !== 'get' ? req.send(c.payload) : req;
}

// The vendor page's scenarios, with its literal extensions, byte-exact (documented).
const seed: [string, Case][] = [
  ['success on the configured extension', post({ want: 'executed' })],
  ['a webhook that does not exist (NonExistentWebhook)', post({ query: '?extension=NonExistentWebhook', want: 'nonExistentWebhook' })],
  ['the extension omitted', post({ query: '', want: 'missingExtension' })],
  ['an incorrect REST API key', post({ authorization: 'rest_api_key=0000000000000000000000000000DEAD', want: 'invalidApiKey' })],
  ['a deactivated REST API key', post({ authorization: keys.deactivatedHeader, want: 'invalidApiKey' })],
  ['a body of 100,001 characters', post({ payload: jsonOfLength(100_001), want: 'bodyTooLong' })],
  ['an incorrectly typed extension (blahblahWebhook)', post({ query: '?extension=blahblahWebhook', want: 'extensionDoesNotExist' })],
];

// Each pipeline step, and what we infer where the vendor is silent.
const steps: [string, Case][] = [
  ['GET is refused with 405', { method: 'GET', query: '?extension=MyTestWebhook', authorization: keys.header, want: 'methodNotAllowed' }],
  ['PUT is refused with 405', post({ method: 'PUT', want: 'methodNotAllowed' })],
  ['DELETE is refused with 405', post({ method: 'DELETE', want: 'methodNotAllowed' })],
  ['no Authorization header', post({ authorization: null, want: 'invalidApiKey' })],
  ['a bare key without rest_api_key=', post({ authorization: keys.active, want: 'invalidApiKey' })],
  ['a Bearer token', post({ authorization: `Bearer ${keys.active}`, want: 'invalidApiKey' })],
  ['a session ID', post({ authorization: 'tenant.example.com#8F0A3B2C1D4E5F60718293A4B5C6D7E8#2', want: 'invalidApiKey' })],
  ['the key in another letter case', post({ authorization: `rest_api_key=${keys.active.toLowerCase()}`, want: 'invalidApiKey' })],
  ['rest_api_key with a space before the key', post({ authorization: `rest_api_key= ${keys.active}`, want: 'invalidApiKey' })],
  ['REST_API_KEY= in upper case', post({ authorization: `REST_API_KEY=${keys.active}`, want: 'invalidApiKey' })],
  ['an empty rest_api_key=', post({ authorization: 'rest_api_key=', want: 'invalidApiKey' })],
  ['an empty extension=', post({ query: '?extension=', want: 'missingExtension' })],
  ['the extension in another letter case', post({ query: '?extension=mytestwebhook', want: 'extensionDoesNotExist' })],
  ['the extension in upper case', post({ query: '?extension=MYTESTWEBHOOK', want: 'extensionDoesNotExist' })],
  ['a percent-encoded extension is decoded', post({ query: '?extension=My%54estWebhook', want: 'executed' })],
  ['a repeated extension uses the first', post({ query: '?extension=MyTestWebhook&extension=nope', want: 'executed' })],
  ['no Content-Type', post({ contentType: null, want: 'unsupportedContentType' })],
  ['text/plain', post({ contentType: 'text/plain', want: 'unsupportedContentType' })],
  ['application/json with a charset', post({ contentType: 'application/json; charset=utf-8', want: 'executed' })],
  [
    'XML declared for a JSON webhook',
    post({ contentType: 'application/xml', payload: '<Incident><Subject>x</Subject></Incident>', want: 'formatMismatch' }),
  ],
  ['JSON declared with an XML body', post({ payload: '<Incident/>', want: 'formatMismatch' })],
  [
    'XML declared with a JSON body',
    post({ query: '?extension=MyXmlWebhook', contentType: 'application/xml', payload: '{"a":1}', want: 'formatMismatch' }),
  ],
  ['invalid JSON', post({ payload: '{"Subject": ', want: 'invalidJson' })],
  ['an empty JSON body', post({ payload: '', want: 'invalidJson' })],
  ['a JSON array', post({ payload: '[1,2,3]', want: 'jsonNotObject' })],
  ['a JSON string', post({ payload: '"text"', want: 'jsonNotObject' })],
  ['JSON null', post({ payload: 'null', want: 'jsonNotObject' })],
  [
    'XML on the XML webhook',
    post({
      query: '?extension=MyXmlWebhook',
      contentType: 'application/xml',
      payload: '<Incident><Subject>x</Subject></Incident>',
      want: 'executed',
    }),
  ],
  [
    'text/xml on the XML webhook',
    post({ query: '?extension=MyXmlWebhook', contentType: 'text/xml', payload: '<Incident/>', want: 'executed' }),
  ],
  [
    'XML that is not well-formed',
    post({
      query: '?extension=MyXmlWebhook',
      contentType: 'application/xml',
      payload: '<Incident><Subject>x</Incident>',
      want: 'invalidXml',
    }),
  ],
  ['invalid UTF-8', post({ payload: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]), want: 'invalidEncoding' })],
  ['a lone continuation byte', post({ payload: Buffer.from([0x7b, 0x7d, 0x80]), want: 'invalidEncoding' })],
];

// When a request has several faults, the first check in docs/decisions.md #1 answers.
const order: [string, Case][] = [
  ['wrong method and no key: 405 first', { method: 'GET', authorization: null, want: 'methodNotAllowed' }],
  ['no key and no extension: 401 first', post({ authorization: null, query: '', want: 'invalidApiKey' })],
  ['no extension and too long: extension first', post({ query: '', payload: jsonOfLength(100_001), want: 'missingExtension' })],
  [
    'unknown extension and too long: extension first',
    post({ query: '?extension=nope', payload: jsonOfLength(100_001), want: 'extensionDoesNotExist' }),
  ],
  [
    'deactivated webhook and invalid JSON: extension first',
    post({ query: '?extension=NonExistentWebhook', payload: '{', want: 'nonExistentWebhook' }),
  ],
  ['too long and invalid JSON: size first', post({ payload: `{${'x'.repeat(100_001)}`, want: 'bodyTooLong' })],
  ['too long and no Content-Type: size first', post({ contentType: null, payload: jsonOfLength(100_001), want: 'bodyTooLong' })],
];

// The character limit counts UTF-16 code units of the decoded body, not bytes (inferred).
const limit: [string, Case][] = [
  ['99,999 characters', post({ payload: jsonOfLength(99_999), want: 'executed' })],
  ['exactly 100,000 characters', post({ payload: jsonOfLength(100_000), want: 'executed' })],
  ['100,001 characters', post({ payload: jsonOfLength(100_001), want: 'bodyTooLong' })],
  ['100,000 é (200,000 bytes)', post({ payload: jsonOfLength(100_000, 'é'), want: 'executed' })],
  ['100,001 é', post({ payload: jsonOfLength(100_001, 'é'), want: 'bodyTooLong' })],
  ['100,000 units of 3-byte characters (€, 300,000 bytes)', post({ payload: jsonOfLength(100_000, '€'), want: 'executed' })],
  ['astral characters to exactly 100,000 units (😀 counts two)', post({ payload: jsonOfLength(100_000, '😀'), want: 'executed' })],
  ['astral characters to 100,002 units', post({ payload: jsonOfLength(100_002, '😀'), want: 'bodyTooLong' })],
];

describe.each([
  ['the vendor page (documented)', seed],
  ['each pipeline step', steps],
  ['the order of checks (inferred)', order],
  ['the character limit', limit],
])('%s', (_group, cases) => {
  test.each(cases)('%s', async (_name, c) => {
    const res = await send(c);
    expect(res.status).toBe(status(c.want));
    expect(res.text).toBe(body(c.want));
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const ran = tenant.tenant.executions().length;
    expect(ran).toBe(c.want === 'executed' ? 1 : 0);
    expect(tenant.tenant.records()).toHaveLength(ran);
  });
});

test('the 405 carries Allow: POST', async () => {
  const res = await request(url).get(`${executePath}?extension=MyTestWebhook`);
  expect(res.headers.allow).toBe('POST');
});

test('a Content-Length over 300,000 bytes is refused before the body is read', async () => {
  const res = await request(url)
    .post(`${executePath}?extension=MyTestWebhook`)
    .set('Authorization', keys.header)
    .set('Content-Type', 'application/json')
    .send(`{"a":"${'x'.repeat(300_000)}"}`);
  expect(res.status).toBe(400);
  expect(res.text).toBe(body('bodyTooLong'));
  expect(res.headers.connection).toBe('close');
});

test('other paths are 404 and run nothing', async () => {
  const res = await request(url).post('/api/rest/Webhooks/Other?extension=MyTestWebhook').set('Authorization', keys.header).send(ok);
  expect(res.status).toBe(404);
  expect(tenant.tenant.executions()).toHaveLength(0);
});

test('an accepted call records the execution and inserts the mapped record, never the key', async () => {
  await send(post({ payload: '{"Subject":"Printer","Description":"No toner","Priority":2,"Extra":{"a":1}}', want: 'executed' }));
  const [execution] = tenant.tenant.executions();
  expect(execution).toMatchObject({
    extension: 'MyTestWebhook',
    action: 'Create Incident from JSON',
    apiKey: { name: 'integration', hint: `…${keys.active.slice(-4)}` },
    webhookBody: { format: 'json', text: '{"Subject":"Printer","Description":"No toner","Priority":2,"Extra":{"a":1}}' },
    record: { businessObject: 'Incident', fields: { Subject: 'Printer', Symptom: 'No toner', Priority: '2', Source: '' } },
  });
  expect(JSON.stringify(tenant.tenant.executions())).not.toContain(keys.active);
});

test('an XML call maps element paths into the record', async () => {
  await send(
    post({
      query: '?extension=MyXmlWebhook',
      contentType: 'application/xml',
      payload: '<Incident><Subject>Disk full</Subject><Priority>1</Priority></Incident>',
      want: 'executed',
    }),
  );
  expect(tenant.tenant.records('Incident')[0]?.fields).toEqual({ Subject: 'Disk full', Symptom: '', Priority: '1' });
});
