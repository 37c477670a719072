import http from 'node:http';
import net from 'node:net';
import type { TenantServer } from '../../src/node';
import { rawRequest } from '../helpers/raw-request';
import { body, executePath, keys, startTenant } from '../helpers/tenant';

// Abuse, bounded: each attack runs against one server with short timeouts, and after each one
// the server must still answer a normal request exactly as the contract says.
let tenant: TenantServer;
let url: string;
let port: number;
beforeAll(async () => {
  ({ tenant, url } = await startTenant({ timeouts: { headers: 400, request: 800, keepAlive: 500 }, maxConnections: 2000 }));
  port = Number(new URL(url).port);
});
afterAll(() => tenant.close());

const normal = () =>
  rawRequest(url, {
    path: `${executePath}?extension=MyTestWebhook`,
    headers: { Authorization: keys.header, 'Content-Type': 'application/json' },
    body: Buffer.from('{"Subject":"after the attack"}'),
  });

async function expectNormalAnswer(): Promise<void> {
  const res = await normal();
  expect(res.status).toBe(200);
  expect(res.text).toBe(body('executed'));
}

/** Opens a raw socket and resolves with what the server sent and how long until it closed. */
function rawSocket(write: (socket: net.Socket) => void): Promise<{ received: string; closedAfterMs: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = net.connect(port, '127.0.0.1', () => write(socket));
    let received = '';
    socket.on('data', (chunk) => (received += chunk.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve({ received, closedAfterMs: Date.now() - started }));
    setTimeout(() => {
      socket.destroy();
      reject(new Error(`the server kept the connection open for 10 s; received: ${received}`));
    }, 10_000).unref();
  });
}

const requestLine = `POST ${executePath}?extension=MyTestWebhook HTTP/1.1\r\nHost: 127.0.0.1\r\n`;

test('a client that trickles its headers (slow loris) is cut off and does not block others', async () => {
  const attack = rawSocket((socket) => {
    socket.write(requestLine);
    const timer = setInterval(() => (socket.writable ? socket.write('X-Slow: 1\r\n') : clearInterval(timer)), 100);
    socket.on('close', () => clearInterval(timer));
  });
  // While it trickles, others are served at once.
  await expectNormalAnswer();
  const { received, closedAfterMs } = await attack;
  expect(received).toMatch(/^HTTP\/1\.1 408 /);
  expect(closedAfterMs).toBeLessThan(5_000);
  await expectNormalAnswer();
});

test('a client that trickles its body is cut off by the request timeout', async () => {
  tenant.tenant.clearExecutions();
  const { received, closedAfterMs } = await rawSocket((socket) => {
    socket.write(`${requestLine}Authorization: ${keys.header}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{`);
    const timer = setInterval(() => (socket.writable ? socket.write(' ') : clearInterval(timer)), 100);
    socket.on('close', () => clearInterval(timer));
  });
  expect(received).toMatch(/^HTTP\/1\.1 408 /);
  expect(closedAfterMs).toBeLessThan(5_000);
  expect(tenant.tenant.executions()).toHaveLength(0);
  await expectNormalAnswer();
});

test.each([
  ['oversized headers (a 20 KB header)', `${requestLine}X-Big: ${'a'.repeat(20_000)}\r\n\r\n`, /^HTTP\/1\.1 431 /],
  ['a 20 KB Authorization header', `${requestLine}Authorization: rest_api_key=${'A'.repeat(20_000)}\r\n\r\n`, /^HTTP\/1\.1 431 /],
  ['a malformed request line', 'BLAH\r\n\r\n', /^HTTP\/1\.1 400 /],
  ['a bad Content-Length', `${requestLine}Content-Length: abc\r\n\r\n`, /^HTTP\/1\.1 400 /],
  [
    'Content-Length and Transfer-Encoding together (request smuggling)',
    `${requestLine}Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
    /^HTTP\/1\.1 400 /,
  ],
])('%s gets a clean refusal, and the server goes on', async (_label, text, want) => {
  const { received } = await rawSocket((socket) => socket.write(text));
  expect(received).toMatch(want);
  await expectNormalAnswer();
});

// On a tenant of its own with the default timeouts: the suite's short ones (a 400 ms header
// timeout) refused a connection or two with 408 when the machine was busy, which is the
// timeouts working, not a connection lost.
test('1,000 concurrent connections are all answered', async () => {
  const own = await startTenant({ maxConnections: 2000 });
  const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
  try {
    const answers = await Promise.all(
      Array.from(
        { length: 1000 },
        (_, i) =>
          new Promise<number>((resolve, reject) => {
            const req = http.request(`${own.url}${executePath}?extension=MyTestWebhook`, {
              method: 'POST',
              agent,
              headers: { Authorization: keys.header, 'Content-Type': 'application/json' },
            });
            req.on('response', (res) => {
              res.resume();
              res.on('end', () => resolve(res.statusCode ?? 0));
            });
            req.on('error', reject);
            req.end(`{"Subject":"connection ${i}"}`);
          }),
      ),
    );
    expect(answers.filter((status) => status !== 200)).toEqual([]);
    expect(own.tenant.tenant.executions()).toHaveLength(1000);
  } finally {
    agent.destroy();
    await own.tenant.close();
  }
  await expectNormalAnswer();
});

test('an XML entity bomb (billion laughs) is not expanded', async () => {
  let dtd = '<!ENTITY lol0 "lol">';
  for (let i = 1; i <= 9; i++) dtd += `<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`;
  const bomb = `<?xml version="1.0"?><!DOCTYPE Incident [${dtd}]><Incident><Subject>&lol9;</Subject></Incident>`;
  tenant.tenant.clearRecords();
  const res = await rawRequest(url, {
    path: `${executePath}?extension=MyXmlWebhook`,
    headers: { Authorization: keys.header, 'Content-Type': 'application/xml' },
    body: Buffer.from(bomb),
  });
  expect(res.status).toBe(200);
  expect(tenant.tenant.records()[0]?.fields.Subject).toBe('&lol9;');
  await expectNormalAnswer();
});
