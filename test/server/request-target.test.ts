/**
 * What the tenant reads of the request line and of headers the spec leaves open (issue 21 item 4,
 * docs/decisions.md #21): sent as raw bytes, so that nothing on the client side rewrites them.
 */
import net from 'node:net';
import type { TenantServer } from '../../src/node';
import { body, executePath, keys, startTenant } from '../helpers/tenant';

let tenant: TenantServer;
let port: number;
beforeAll(async () => {
  const started = await startTenant();
  tenant = started.tenant;
  port = Number(new URL(started.url).port);
});
afterAll(() => tenant.close());

/** One request of these head lines (and a small JSON body), over its own connection; the status line's code and the body. */
function send(target: string, headers: readonly string[]): Promise<{ status: number; text: string }> {
  const payload = '{"Subject":"raw"}';
  const host = headers.some((line) => line.startsWith('Host:')) ? [] : [`Host: 127.0.0.1:${port}`];
  const head = [`POST ${target} HTTP/1.1`, ...host, 'Connection: close', `Content-Length: ${payload.length}`, ...headers];
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const pieces: Buffer[] = [];
    socket.on('data', (piece: Buffer) => pieces.push(piece));
    socket.on('error', reject);
    socket.on('end', () => {
      const text = Buffer.concat(pieces).toString('utf8');
      resolve({ status: Number(text.slice(9, 12)), text: text.slice(text.indexOf('\r\n\r\n') + 4) });
    });
    socket.end(`${head.join('\r\n')}\r\n\r\n${payload}`);
  });
}

const query = '?extension=MyTestWebhook';
const json = 'Content-Type: application/json';
const auth = `Authorization: ${keys.header}`;

test.each([
  ['origin-form', `${executePath}${query}`, [auth, json], 200],
  // RFC 9112, 3.2.2: a server MUST accept the absolute-form, and its authority wins over Host: the guard screens it (docs/decisions.md #17).
  ['absolute-form, this address', `http://127.0.0.1:PORT${executePath}${query}`, [auth, json], 200],
  ['absolute-form, localhost', `http://localhost${executePath}${query}`, [auth, json], 200],
  [
    'absolute-form, this address, under a foreign Host',
    `http://127.0.0.1:PORT${executePath}${query}`,
    ['Host: evil.example', auth, json],
    200,
  ],
  ['absolute-form, a name not allowed', `http://tenant.example.com${executePath}${query}`, [auth, json], 403],
  ['absolute-form, a name not allowed, under Host 127.0.0.1', `http://evil.example:PORT${executePath}${query}`, [auth, json], 403],
  ['absolute-form, an IPv6 address not closed', `http://[::1${executePath}${query}`, [auth, json], 400],
  ['absolute-form, a port past 65535', `http://127.0.0.1:99999999${executePath}${query}`, [auth, json], 400],
  ['absolute-form, user info', `http://user:pass@127.0.0.1:PORT${executePath}${query}`, [auth, json], 400],
  ['absolute-form, no host', `http://${executePath}${query}`, [auth, json], 400],
  ['absolute-form, a path outside the API', 'http://127.0.0.1:PORT/api/rest/Other', [auth, json], 404],
  // The same URI under RFC 3986 normalization, but not the path ISM matches: not found.
  ['a percent-encoded letter in the path', `/api/rest/Webhooks/%45xecute${query}`, [auth, json], 404],
  [
    'a repeated Authorization: the first wins (valid first)',
    `${executePath}${query}`,
    [auth, 'Authorization: rest_api_key=nope', json],
    200,
  ],
  [
    'a repeated Authorization: the first wins (invalid first)',
    `${executePath}${query}`,
    ['Authorization: rest_api_key=nope', auth, json],
    401,
  ],
  ['a +json media type suffix (RFC 6839)', `${executePath}${query}`, [auth, 'Content-Type: application/vnd.example+json'], 200],
])('%s', async (_name, target, headers, want) => {
  const got = await send(target.replace('PORT', String(port)), headers);
  expect(got.status).toBe(want);
  if (want === 200) expect(got.text).toBe(body('executed'));
});
