import request from 'supertest';
import type { AccessLogEvent, TenantServer } from '../../src/node';
import { rawRequest } from '../helpers/raw-request';
import { body, executePath, keys, startTenant, status } from '../helpers/tenant';

// Bodies of an accepted size that once broke the server: deep nesting in a mapped field or in
// the execution log, and well-formed XML that the parser's own safety limits refused.
let tenant: TenantServer;
let url: string;
const events: AccessLogEvent[] = [];
beforeAll(async () => {
  ({ tenant, url } = await startTenant({ log: (event) => events.push(event) }));
});
afterAll(() => tenant.close());
beforeEach(() => {
  tenant.tenant.clearExecutions();
  tenant.tenant.clearRecords();
  events.length = 0;
});

const send = (text: string, extension = 'MyTestWebhook', contentType = 'application/json') =>
  rawRequest(url, {
    path: `${executePath}?extension=${extension}`,
    headers: { Authorization: keys.header, 'Content-Type': contentType },
    body: Buffer.from(text),
  });
const nested = (depth: number, inner = ''): string => `${'['.repeat(depth)}${inner}${']'.repeat(depth)}`;
const xmlNested = (depth: number): string =>
  `<Incident><Subject>deep</Subject>${'<a>'.repeat(depth - 1)}x${'</a>'.repeat(depth - 1)}</Incident>`;

test('a mapped field nested 11,000 deep is executed, its record holds the JSON text, and the answer is logged', async () => {
  const res = await send(`{"Subject":${nested(11_000)}}`);
  expect([res.status, res.text]).toEqual([200, body('executed')]);
  expect(tenant.tenant.records()[0]?.fields.Subject).toBe(nested(11_000));
  expect(events.map((event) => event.status)).toEqual([200]);
});

test('/_mock/executions shows deeply nested bodies as received, sized by what the log holds', async () => {
  const deep = `{"Subject":"deep","Extra":${nested(3_995)}}`;
  for (let i = 0; i < 12; i++) expect((await send(deep)).status).toBe(200);
  expect((await send(`{"Subject":"deeper","Extra":${nested(6_000)}}`)).status).toBe(200);
  const res = await request(url).get('/_mock/executions');
  expect(res.status).toBe(200);
  expect(res.text.length).toBeLessThan(13 * deep.length + 6_000 * 2 + 13 * 400);
  expect((res.body as { executions: unknown[] }).executions).toHaveLength(13);
  expect(res.text).toContain(`"webhookBody":{"Subject":"deeper","Extra":${nested(6_000)}}`);
});

describe('XML: every well-formed body is read, up to a depth cap with its own answer', () => {
  test.each([
    ['150 levels deep', xmlNested(150), 'executed'],
    ['1,000 levels deep (the cap)', xmlNested(1_000), 'executed'],
    ['1,001 levels deep', xmlNested(1_001), 'xmlTooDeep'],
    ['an element named constructor', '<Incident><Subject>s</Subject><constructor>c</constructor></Incident>', 'executed'],
    [
      'elements named __proto__ and prototype',
      '<Incident><__proto__><prototype>p</prototype></__proto__><Subject>s</Subject></Incident>',
      'executed',
    ],
    ['not well-formed', '<Incident><Subject>s</Incident>', 'invalidXml'],
  ] as const)('%s', async (_label, text, want) => {
    const res = await send(text, 'MyXmlWebhook', 'application/xml');
    expect([res.status, res.text]).toEqual([status(want), body(want)]);
    expect(tenant.tenant.records()).toHaveLength(want === 'executed' ? 1 : 0);
    if (want === 'executed') expect(tenant.tenant.records()[0]?.fields.Subject).not.toBe('');
    expect(Object.prototype).not.toHaveProperty('p');
  });
});
