import net from 'node:net';
import type { AccessLogEvent } from '../../src/node';
import { rawRequest } from '../helpers/raw-request';
import { body, executePath, keys, startTenant } from '../helpers/tenant';

// The connection-level edge: idle and surplus connections, pipelining, graceful stop, uploads to
// the inspection API, and one access-log line per answer. Each test runs its own server with
// short timeouts; waits are bounded (a guard, never a measured duration).

/** Opens a raw socket, writes, and resolves with all the server sent once it closed the connection. */
function rawExchange(port: number, write: (socket: net.Socket) => void, guardMs = 8000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => write(socket));
    let received = '';
    socket.on('data', (chunk) => (received += chunk.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(received));
    setTimeout(() => {
      socket.destroy();
      reject(new Error(`the server kept the connection open; received: ${JSON.stringify(received.slice(0, 300))}`));
    }, guardMs).unref();
  });
}

const portOf = (url: string): number => Number(new URL(url).port);
const post = (payload: string, extension = 'MyTestWebhook'): string =>
  `POST ${executePath}?extension=${extension} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${keys.header}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(payload)}\r\n\r\n${payload}`;
const statusLines = (text: string): string[] => text.match(/HTTP\/1\.1 \d{3}/g) ?? [];

describe('connections', () => {
  test('a connection that sends nothing is closed after the idle bound', async () => {
    const { tenant, url } = await startTenant({ timeouts: { idle: 200 } });
    try {
      expect(await rawExchange(portOf(url), () => undefined)).toBe('');
    } finally {
      await tenant.close();
    }
  });

  test('connections past --max-connections are closed at once; the others are served', async () => {
    const { tenant, url } = await startTenant({ maxConnections: 2, timeouts: { idle: 60_000 } });
    const held = await Promise.all(
      [0, 1].map(
        () =>
          new Promise<net.Socket>((resolve) => {
            const socket = net.connect(portOf(url), '127.0.0.1', () => resolve(socket));
            socket.on('error', () => undefined);
          }),
      ),
    );
    try {
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await rawExchange(portOf(url), (socket) => socket.write(post('{"Subject":"surplus"}')))).toBe('');
      expect(tenant.tenant.records()).toHaveLength(0);
    } finally {
      for (const socket of held) socket.destroy();
      await tenant.close();
    }
  });
});

describe('pipelining: no Action runs whose answer cannot be sent', () => {
  test.each([
    [
      'a 404 (which closes) then a valid POST',
      `GET /elsewhere HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n${post('{"Subject":"queued"}')}`,
      ['HTTP/1.1 404'],
      0,
    ],
    ['a valid POST then bytes that do not parse', `${post('{"Subject":"then garbage"}')}GARBAGE\r\n\r\n`, ['HTTP/1.1 200'], 1],
    [
      'two valid POSTs',
      `${post('{"Subject":"one"}')}${post('{"Subject":"two"}').replace('Host: 127.0.0.1', 'Host: 127.0.0.1\r\nConnection: close')}`,
      ['HTTP/1.1 200', 'HTTP/1.1 200'],
      2,
    ],
  ])('%s', async (_label, text, wantStatuses, wantRecords) => {
    const { tenant, url } = await startTenant({ timeouts: { keepAlive: 300 } });
    try {
      const received = await rawExchange(portOf(url), (socket) => socket.write(text));
      expect(statusLines(received)).toEqual(wantStatuses);
      expect(tenant.tenant.records()).toHaveLength(wantRecords);
      if (wantRecords > 0) expect(received).toContain(body('executed'));
    } finally {
      await tenant.close();
    }
  });
});

test('a body in more than 4,096 pieces is refused with 400 and the connection closed, whatever its size', async () => {
  const { tenant, url } = await startTenant();
  try {
    const chunked = `POST ${executePath}?extension=MyTestWebhook HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${keys.header}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`;
    const received = await rawExchange(portOf(url), (socket) =>
      socket.write(`${chunked}1\r\n{\r\n${'1\r\n \r\n'.repeat(5_000)}1\r\n}\r\n0\r\n\r\n`),
    );
    expect(statusLines(received)).toEqual(['HTTP/1.1 400']);
    expect(tenant.tenant.records()).toHaveLength(0);
  } finally {
    await tenant.close();
  }
});

test.each(['/_mock/health', `${executePath}?extension=MyTestWebhook`])(
  'GETs without a body keep the connection (RFC 9112 6.3: no Content-Length, no Transfer-Encoding, no body): %s twice on one',
  async (path) => {
    const { tenant, url } = await startTenant({ timeouts: { keepAlive: 60_000, idle: 60_000 } });
    try {
      const received = await rawExchange(portOf(url), (socket) =>
        socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\nGET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`),
      );
      const status = path === '/_mock/health' ? 'HTTP/1.1 200' : 'HTTP/1.1 405';
      expect(statusLines(received)).toEqual([status, status]);
      expect(received.match(/connection: close/gi)).toHaveLength(1);
    } finally {
      await tenant.close();
    }
  },
);

test('an upload to /_mock/* is not read: answered, and the connection closed', async () => {
  const { tenant, url } = await startTenant({ timeouts: { keepAlive: 60_000, idle: 60_000 } });
  try {
    const received = await rawExchange(portOf(url), (socket) => {
      socket.write('POST /_mock/health HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 20000000\r\n\r\n');
      socket.write(Buffer.alloc(64 * 1024, 0x61));
    });
    expect(statusLines(received)).toEqual(['HTTP/1.1 404']);
    expect(received).toMatch(/connection: close/i);
  } finally {
    await tenant.close();
  }
});

describe('graceful stop', () => {
  test('idle and half-sent connections do not hold it; an answer in flight finishes with Connection: close', async () => {
    const { tenant, url } = await startTenant({ timeouts: { grace: 300, headers: 60_000, request: 60_000, idle: 60_000 } });
    const port = portOf(url);
    const idle = rawExchange(port, () => undefined);
    const halfHeaders = rawExchange(port, (socket) =>
      socket.write(`POST ${executePath}?extension=MyTestWebhook HTTP/1.1\r\nHost: 127.0.0.1\r\n`),
    );
    const payload = '{"Subject":"in flight"}';
    let finishBody: () => void = () => undefined;
    const inFlight = rawExchange(port, (socket) => {
      const text = post(payload);
      socket.write(text.slice(0, -5));
      finishBody = () => socket.write(text.slice(-5));
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const closed = tenant.close();
    finishBody();
    const answer = await inFlight;
    expect(statusLines(answer)).toEqual(['HTTP/1.1 200']);
    expect(answer).toMatch(/connection: close/i);
    await closed;
    expect(await idle).toBe('');
    expect(await halfHeaders).toBe('');
    expect(tenant.tenant.records()).toHaveLength(1);
  });

  test('closeNow cuts a slow upload at once, and its Action never runs', async () => {
    const { tenant, url } = await startTenant({ timeouts: { grace: 60_000, request: 60_000 } });
    const slow = rawExchange(portOf(url), (socket) => socket.write(post('{"Subject":"never finished"}').slice(0, -3)));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const closed = tenant.close();
    tenant.closeNow();
    await closed;
    expect(await slow).toBe('');
    expect(tenant.tenant.records()).toHaveLength(0);
  });
});

test('the access log has one line per answer, written when it is sent: 500s and socket-level refusals included', async () => {
  const events: AccessLogEvent[] = [];
  let fail = false;
  const { tenant, url } = await startTenant({
    log: (event) => events.push(event),
    newRecordId: () => {
      if (fail) throw new Error('record store broken');
      return 'R1';
    },
    timeouts: { headers: 300 },
  });
  const port = portOf(url);
  const warnings = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
  try {
    await rawExchange(port, (socket) => socket.end(post('{"Subject":"ok"}').replace('HTTP/1.1', 'HTTP/1.0')));
    fail = true;
    await rawRequest(url, {
      path: `${executePath}?extension=MyTestWebhook`,
      headers: { Authorization: keys.header, 'Content-Type': 'application/json' },
      body: Buffer.from('{}'),
    });
    await rawExchange(port, (socket) => socket.write('BLAH\r\n\r\n'));
    await rawExchange(port, (socket) => socket.write(`GET / HTTP/1.1\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`));
    await rawExchange(port, (socket) => socket.write('GET / HTTP/1.1\r\nX-Slow: 1\r\n'));
  } finally {
    warnings.mockRestore();
    await tenant.close();
  }
  expect(events.map((event) => [event.status, event.answer])).toEqual([
    [200, 'executed'],
    [500, 'error'],
    [400, 'refused'],
    [431, 'refused'],
    [408, 'refused'],
  ]);
});
