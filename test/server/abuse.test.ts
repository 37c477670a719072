import http from 'node:http';
import net, { type Socket } from 'node:net';
import { drainLimits } from '../../src/node/unread-body';
import type { AnswerName } from '../../src/contract';
import type { TenantServer } from '../../src/node';
import { rawRequest } from '../helpers/raw-request';
import { body, executePath, jsonOfLength, keys, startTenant, status } from '../helpers/tenant';

let tenant: TenantServer;
let url: string;
const sockets: Socket[] = [];
beforeAll(async () => {
  ({ tenant, url } = await startTenant());
  tenant.server.on('connection', (socket: Socket) => sockets.push(socket));
});
afterAll(() => tenant.close());

const MB = 1024 * 1024;
async function* upload(totalBytes: number, chunkBytes = 64 * 1024): AsyncIterable<Buffer> {
  const chunk = Buffer.alloc(chunkBytes, 'x'.charCodeAt(0));
  for (let sent = 0; sent < totalBytes; sent += chunkBytes) yield chunk;
}

// Memory under such bodies is measured in a child process (process.test.ts); here, what was read.
describe('a 20 MB body is answered with the size error without being buffered', () => {
  test.each([
    ['streamed without a Content-Length (chunked)', {}],
    ['with its true Content-Length (refused before reading)', { 'Content-Length': 20 * MB }],
  ])('%s', async (_label, lengthHeader) => {
    sockets.length = 0;
    const res = await rawRequest(url, {
      path: `${executePath}?extension=MyTestWebhook`,
      headers: { Authorization: keys.header, 'Content-Type': 'application/json', ...lengthHeader },
      body: upload(20 * MB),
    });
    expect(res.status).toBe(400);
    expect(res.text).toBe(body('bodyTooLong'));
    expect(res.headers.connection).toBe('close');
    // The server kept nothing, and read (to drop it) at most the drain bound of the 20 MB on offer.
    const read = sockets.reduce((sum, socket) => sum + socket.bytesRead, 0);
    expect(read).toBeLessThan(drainLimits.bytes + 2 * MB);
  });
});

/** Sends the whole body before reading anything, as curl and Node's clients do, and reads the answer. */
function sendWhole(client: 'fetch' | 'http' | 'socket', size: number, chunked: boolean): Promise<{ status: number; text: string }> {
  const target = `${url}${executePath}?extension=MyTestWebhook`;
  const headers = { Authorization: keys.header, 'Content-Type': 'application/json' };
  const payload = Buffer.alloc(size, 'x'.charCodeAt(0));
  if (client === 'socket') return sendThenRead(new URL(target), headers, payload);
  if (client === 'fetch') {
    const stream = new ReadableStream({
      start(controller) {
        for (let at = 0; at < size; at += MB) controller.enqueue(payload.subarray(at, at + MB));
        controller.close();
      },
    });
    const init = chunked ? { body: stream, duplex: 'half' } : { body: payload };
    return fetch(target, { method: 'POST', headers, ...init } as RequestInit).then(async (res) => ({
      status: res.status,
      text: await res.text(),
    }));
  }
  return new Promise((resolve, reject) => {
    const req = http.request(target, { method: 'POST', headers: chunked ? headers : { ...headers, 'Content-Length': size } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (piece: string) => (text += piece));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** A client that reads nothing until it has sent the whole request (curl's way): the answer must still be there. */
function sendThenRead(target: URL, headers: Record<string, string>, payload: Buffer): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(target.port), target.hostname);
    socket.pause();
    socket.on('error', reject);
    const head = [`POST ${target.pathname}${target.search} HTTP/1.1`, `Host: ${target.host}`, `Content-Length: ${payload.length}`]
      .concat(Object.entries(headers).map(([name, value]) => `${name}: ${value}`))
      .join('\r\n');
    socket.write(`${head}\r\n\r\n`);
    socket.write(payload, () => {
      const pieces: Buffer[] = [];
      socket.on('data', (piece: Buffer) => pieces.push(piece));
      socket.on('end', () => {
        const text = Buffer.concat(pieces).toString('utf8');
        resolve({ status: Number(text.slice(9, 12)), text: text.slice(text.indexOf('\r\n\r\n') + 4) });
      });
      socket.resume();
    });
  });
}

// Issue 22 item 6: the answer came while the client was still sending; the server closed, and the client got EPIPE.
describe('an oversize body sent whole gets the documented 400, not a broken pipe (the rest is drained, within bounds)', () => {
  test.each([
    ['fetch', 2 * MB, false],
    ['fetch', 10 * MB, false],
    ['fetch', 10 * MB, true],
    ['http', 2 * MB, false],
    ['http', 10 * MB, false],
    ['http', 10 * MB, true],
    ['socket', 2 * MB, false],
    ['socket', 10 * MB, false],
  ] as const)('%s, %d bytes, chunked: %s', async (client, size, chunked) => {
    const got = await sendWhole(client, size, chunked);
    expect(got).toEqual({ status: status('bodyTooLong'), text: body('bodyTooLong') });
  });
});

test('200 concurrent mixed requests are each answered as if alone', async () => {
  const kinds: { query: string; authorization?: string; payload: string; want: AnswerName }[] = [
    { query: '?extension=MyTestWebhook', authorization: keys.header, payload: '{"Subject":"a"}', want: 'executed' },
    { query: '?extension=NonExistentWebhook', authorization: keys.header, payload: '{}', want: 'nonExistentWebhook' },
    { query: '', authorization: keys.header, payload: '{}', want: 'missingExtension' },
    { query: '?extension=MyTestWebhook', authorization: keys.deactivatedHeader, payload: '{}', want: 'invalidApiKey' },
    { query: '?extension=MyTestWebhook', payload: '{}', want: 'invalidApiKey' },
    { query: '?extension=MyTestWebhook', authorization: keys.header, payload: jsonOfLength(100_001), want: 'bodyTooLong' },
    { query: '?extension=MyTestWebhook', authorization: keys.header, payload: jsonOfLength(100_000, 'é'), want: 'executed' },
    { query: '?extension=blahblahWebhook', authorization: keys.header, payload: '{}', want: 'extensionDoesNotExist' },
  ];
  tenant.tenant.clearRecords();
  const newestExecution = () => tenant.tenant.executionsAfter(0, 1)[0];
  const idBefore = newestExecution()?.id ?? 0;
  const rows = Array.from({ length: 200 }, (_, i) => kinds[i % kinds.length] as (typeof kinds)[number]);
  const answers = await Promise.all(
    rows.map((row) =>
      rawRequest(url, {
        path: `${executePath}${row.query}`,
        headers: { 'Content-Type': 'application/json', ...(row.authorization ? { Authorization: row.authorization } : {}) },
        body: Buffer.from(row.payload, 'utf8'),
      }),
    ),
  );
  answers.forEach((res, i) => {
    const want = (rows[i] as (typeof rows)[number]).want;
    expect({ i, status: res.status, text: res.text }).toEqual({ i, status: status(want), text: body(want) });
  });
  // One execution and one record per accepted call. Both logs are bounded in bytes (the 100,000
  // character bodies fill them), so they may keep fewer: ids and record IDs are counted instead.
  const executed = rows.filter((row) => row.want === 'executed').length;
  const newest = newestExecution();
  expect((newest?.id ?? 0) - idBefore).toBe(executed);
  const records = tenant.tenant.records();
  const counters = records.map((record) => Number.parseInt(record.recId.slice(20), 16));
  expect(records.length).toBeGreaterThan(0);
  expect(records.length).toBeLessThanOrEqual(executed);
  expect(counters).toEqual(counters.map((_, i) => (counters[0] as number) + i));
  expect(records.at(-1)).toEqual(newest?.record);
});
