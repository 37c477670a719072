/**
 * The fetch entry's own edge: the character limit applied to `request.body` as it streams (reading
 * stops past it, whatever the chunking), the routing (404 off the Execute path, a base path), the
 * Prefer header, and a body stream that fails.
 */
import { createTenantFetch } from '../../src/fetch';
import { maxBodyPieces } from '../../src/tenant/body-limit';
import { body, contract, defaultTenant, jsonOfLength, keys, status } from '../helpers/tenant';

const config = defaultTenant();
const limit = contract.maxCharacters;
const executeUrl = (base = 'https://tenant.example.test') => `${base}${contract.catalogue.path}?extension=MyTestWebhook`;
const jsonHeaders = { Authorization: keys.header, 'Content-Type': 'application/json' };

/** A body pulled on demand, in `chunkBytes` pieces of `text`'s UTF-8 (then `tail` forever, when given); counts the pulls. */
function streamOf(text: string, chunkBytes: number, tail?: string) {
  const bytes = new TextEncoder().encode(text);
  const filler =
    tail === undefined ? undefined : new TextEncoder().encode(tail.repeat(Math.ceil(chunkBytes / tail.length))).subarray(0, chunkBytes);
  const seen = { pulls: 0, cancelled: false };
  let offset = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      seen.pulls++;
      if (offset < bytes.length) {
        controller.enqueue(bytes.slice(offset, offset + chunkBytes));
        offset += chunkBytes;
      } else if (filler) controller.enqueue(filler.slice());
      else controller.close();
    },
    cancel() {
      seen.cancelled = true;
    },
  });
  return { stream, seen, chunks: Math.ceil(bytes.length / chunkBytes) };
}

const streamed = (stream: ReadableStream<Uint8Array>, url = executeUrl()) =>
  new Request(url, { method: 'POST', headers: jsonHeaders, body: stream, duplex: 'half' } as RequestInit);

describe('the character limit on a streamed body', () => {
  test.each([
    { name: 'at the limit, 1 KB chunks', text: jsonOfLength(limit), chunk: 1024, answer: 'executed' as const, readToEnd: true },
    {
      name: 'astral characters at the limit, 127-byte chunks (sequences split between chunks)',
      text: jsonOfLength(limit, '😀'),
      chunk: 127,
      answer: 'executed' as const,
      readToEnd: true,
    },
    {
      name: 'one character over, 1 KB chunks',
      text: jsonOfLength(limit + 1),
      chunk: 1024,
      answer: 'bodyTooLong' as const,
      readToEnd: true,
    },
    { name: 'twice the limit, 1 KB chunks', text: jsonOfLength(2 * limit), chunk: 1024, answer: 'bodyTooLong' as const, readToEnd: false },
    {
      name: 'two-byte characters twice the limit, 3 KB chunks',
      text: jsonOfLength(2 * limit, 'é'),
      chunk: 3 * 1024,
      answer: 'bodyTooLong' as const,
      readToEnd: false,
    },
  ])('$name: $answer', async ({ text, chunk, answer, readToEnd }) => {
    const handle = createTenantFetch({ contract, tenant: config });
    const { stream, seen, chunks } = streamOf(text, chunk);
    const response = await handle(streamed(stream));
    expect([response.status, await response.text()]).toEqual([status(answer), body(answer)]);
    expect(handle.tenant.executions()).toHaveLength(answer === 'executed' ? 1 : 0);
    if (!readToEnd) {
      expect(seen.pulls).toBeLessThan(chunks);
      expect(seen.cancelled).toBe(true);
    }
  });

  test('a body that never ends is refused once past the limit, and its stream cancelled', async () => {
    const handle = createTenantFetch({ contract, tenant: config });
    const { stream, seen } = streamOf('{"Subject":"', 16 * 1024, 'x');
    const response = await handle(streamed(stream));
    expect([response.status, await response.text()]).toEqual([status('bodyTooLong'), body('bodyTooLong')]);
    expect(seen.cancelled).toBe(true);
    expect(seen.pulls).toBeLessThanOrEqual(Math.ceil((3 * limit) / (16 * 1024)) + 2);
  });

  test('a declared Content-Length past the limit is refused before a byte is read', async () => {
    const handle = createTenantFetch({ contract, tenant: config });
    const { stream, seen } = streamOf(jsonOfLength(100), 10);
    const request = new Request(executeUrl(), {
      method: 'POST',
      headers: { ...jsonHeaders, 'Content-Length': String(3 * limit + 1) },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    const response = await handle(request);
    expect([response.status, await response.text()]).toEqual([status('bodyTooLong'), body('bodyTooLong')]);
    expect(seen.pulls).toBeLessThanOrEqual(1);
  });

  test(`a body in more than ${maxBodyPieces} pieces is refused as the server refuses it: 400 Bad Request`, async () => {
    const handle = createTenantFetch({ contract, tenant: config });
    const { stream } = streamOf(jsonOfLength(maxBodyPieces + 100), 1);
    const response = await handle(streamed(stream));
    expect([response.status, await response.text()]).toEqual([400, 'Bad Request']);
  });

  test('a body stream that fails rejects, as fetch() does, and runs nothing', async () => {
    const handle = createTenantFetch({ contract, tenant: config });
    const failing = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.error(new Error('the upload broke'));
      },
    });
    await expect(handle(streamed(failing))).rejects.toThrow('the upload broke');
    expect(handle.tenant.executions()).toEqual([]);
  });
});

describe('routing and options', () => {
  const json = jsonOfLength(64);
  test.each([
    { name: 'the Execute path', options: {}, url: executeUrl(), want: [200, body('executed')] },
    {
      name: 'another path',
      options: {},
      url: 'https://tenant.example.test/api/rest/Webhooks/Other?extension=MyTestWebhook',
      want: [404, 'Not Found'],
    },
    {
      name: 'the Execute path under the base path',
      options: { basePath: '/HEAT/' },
      url: executeUrl('https://tenant.example.test/HEAT'),
      want: [200, body('executed')],
    },
    { name: 'the Execute path outside the base path', options: { basePath: '/HEAT' }, url: executeUrl(), want: [404, 'Not Found'] },
  ])('$name: $want.0', async ({ options, url, want }) => {
    const handle = createTenantFetch({ contract, tenant: config, ...options });
    const response = await handle(new Request(url, { method: 'POST', headers: jsonHeaders, body: json }));
    expect([response.status, await response.text()]).toEqual(want);
  });

  test.each([
    { prefer: true, want: [status('bodyTooLong'), body('bodyTooLong'), 'code=400, example=bodyTooLong'] },
    { prefer: false, want: [200, body('executed'), null] },
  ])('Prefer: example=bodyTooLong with prefer $prefer', async ({ prefer, want }) => {
    const handle = createTenantFetch({ contract, tenant: config, prefer });
    const response = await handle(
      new Request(executeUrl(), { method: 'POST', headers: { ...jsonHeaders, Prefer: 'example=bodyTooLong' }, body: json }),
    );
    expect([response.status, await response.text(), response.headers.get('preference-applied')]).toEqual(want);
  });

  test('the spec example headers go out with the answer (Allow on the 405, the exact Content-Length)', async () => {
    const handle = createTenantFetch({ contract, tenant: config });
    const response = await handle(new Request(executeUrl(), { method: 'GET', headers: jsonHeaders }));
    expect(response.headers.get('allow')).toBe('POST');
    expect(response.headers.get('content-length')).toBe(String(Buffer.byteLength(body('methodNotAllowed'))));
  });
});
