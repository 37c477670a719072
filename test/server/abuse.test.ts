import type { Socket } from 'node:net';
import type { AnswerName } from '../../src/contract';
import type { TenantServer } from '../../src/server';
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
    // The server stopped reading: it took in far less than the 20 MB on offer.
    const read = sockets.reduce((sum, socket) => sum + socket.bytesRead, 0);
    expect(read).toBeLessThan(2 * MB);
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
