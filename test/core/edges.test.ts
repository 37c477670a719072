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
