/**
 * The same requests through the three edges over the one core (node:http, the fetch handler, MSW
 * on it): where the edges read or send a request their own way, they must still agree.
 */
import { edges } from '../helpers/edges';
import { keys } from '../helpers/tenant';

const json = { 'Content-Type': 'application/json' };
const rule = '{"answer":{"status":503},"match":{"method":"PUT"}}';

/** `ORIGIN` in a header stands for the edge's own origin. */
type Case = [label: string, method: string, path: string, headers: Record<string, string>, body: string | undefined, status: number];
const cases: Case[] = [
  // docs/decisions.md #17: the tenant's own page may use /_mock; a fetch Request carries no Host, its URL names the server.
  ['POST /_mock/faults from the own origin', 'POST', '/_mock/faults', { ...json, Origin: 'ORIGIN' }, rule, 201],
  ['GET /_mock/health from the own origin', 'GET', '/_mock/health', { Origin: 'ORIGIN' }, undefined, 200],
  ['POST /_mock/faults from another origin', 'POST', '/_mock/faults', { ...json, Origin: 'http://app.example' }, rule, 403],
  ['GET /_mock/health from another origin', 'GET', '/_mock/health', { Origin: 'http://app.example' }, undefined, 403],
  [
    'Execute from another origin (a browser app)',
    'POST',
    '/api/rest/Webhooks/Execute?extension=MyTestWebhook',
    { ...json, Authorization: keys.header, Origin: 'http://app.example' },
    '{}',
    200,
  ],
  // Bad percent-encoding in the path is a path no route has, never an error.
  ['a bad escape off the API', 'POST', '/%zz', json, '{}', 404],
  [
    'a bad escape after Execute',
    'POST',
    '/api/rest/Webhooks/Execute%?extension=MyTestWebhook',
    { ...json, Authorization: keys.header },
    '{}',
    404,
  ],
  ['a bad escape under /_mock', 'GET', '/_mock/%E0%A4%A', {}, undefined, 404],
  // A UTF-8 byte order mark before a rule is dropped on every edge, as data files and webhook bodies drop it (docs/decisions.md #12).
  ['a rule after a BOM', 'POST', '/_mock/faults', json, '\uFEFF{"answer":{"status":503}}', 201],
  // A rule that could not be sent as written is refused, with the field and the fix.
  ['a 204 rule with a body', 'POST', '/_mock/faults', json, '{"answer":{"status":204,"body":"x"}}', 400],
  ['a 304 rule with a type', 'POST', '/_mock/faults', json, '{"answer":{"status":304,"contentType":"text/plain"}}', 400],
  ['a 205 rule', 'POST', '/_mock/faults', json, '{"answer":{"status":205}}', 201],
];

describe.each(edges)('$name', (edge) => {
  test.each(cases)('%s: %s %s', async (_label, method, path, headers, body, status) => {
    const { base, send, close } = await edge.open();
    try {
      const own = new URL(base).origin;
      const given = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, value.replace('ORIGIN', own)]));
      const response = await send(path, { method, headers: given, body });
      const text = await response.text();
      expect([response.status, text]).toEqual([status, expect.any(String)]);
    } finally {
      await close();
    }
  });
});

// A fault rule's answer with no content (RFC 9110 15.3.5, 15.3.6, 15.4.5): no body, and no Content-Length on a 204 or 304 (8.6).
const execute = {
  method: 'POST',
  headers: { ...json, Authorization: keys.header },
  body: '{}',
};
describe.each(edges)('$name: a rule answering without content', (edge) => {
  test.each([
    [204, null],
    [205, '0'],
    [304, null],
  ])('%s: Content-Length %s, no body', async (status, length) => {
    const { send, close } = await edge.open({ faults: [{ answer: { status } }] });
    try {
      const response = await send('/api/rest/Webhooks/Execute?extension=MyTestWebhook', execute);
      expect([response.status, response.headers.get('content-length'), await response.text()]).toEqual([status, length, '']);
    } finally {
      await close();
    }
  });
});

// HEAD is GET without the body (RFC 9110 9.3.2), on every /_mock GET route.
describe.each(edges)('$name: HEAD on /_mock', (edge) => {
  test.each([
    '/_mock/',
    '/_mock/health',
    '/_mock/tenant',
    '/_mock/calls',
    '/_mock/executions',
    '/_mock/records',
    '/_mock/faults',
    '/_mock/nope',
  ])('HEAD %s answers as GET, headers only', async (path) => {
    const { send, close } = await edge.open();
    try {
      const get = await send(path);
      const getBody = await get.text();
      const head = await send(path, { method: 'HEAD' });
      expect([head.status, head.headers.get('content-type'), head.headers.get('content-length'), await head.text()]).toEqual([
        get.status,
        get.headers.get('content-type'),
        get.headers.get('content-length') ?? String(new TextEncoder().encode(getBody).length),
        '',
      ]);
      expect(head.status).toBe(path === '/_mock/nope' ? 404 : 200);
    } finally {
      await close();
    }
  });

  test('HEAD /_mock/events: the feed’s head on node:http, the 404 a GET gets in process', async () => {
    const { send, close } = await edge.open();
    try {
      const head = await send('/_mock/events', { method: 'HEAD' });
      const want = edge.name === 'node:http' ? [200, 'text/event-stream; charset=utf-8'] : [404, 'application/json; charset=utf-8'];
      expect([head.status, head.headers.get('content-type'), await head.text()]).toEqual([...want, '']);
    } finally {
      await close();
    }
  });
});
