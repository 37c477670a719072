import { CallRecord } from '../core/call-journal';
import type { RequestReader, TextRead } from '../core/pipeline';
import type { CoreAnswer, TenantCore } from '../core/tenant-core';
import { noContentStatuses } from '../faults/fault-rule';
import { packHeaders } from '../redact';
import { BodyCollector, type BodyRead, type ByteTools } from '../tenant/body-limit';
import type { Tenant } from '../tenant/tenant';

/**
 * The reference tenant as one fetch-style function, `(request) => Promise<Response>` (the shape of
 * Hono's `app.fetch`): the core's answers (Execute, the OData reads, fault rules, CORS, `/_mock`),
 * with no socket and no Node built-in, so it runs in a browser (MSW's `setupWorker`) as in Node.
 */
export type TenantFetch = ((request: Request) => Promise<Response>) & {
  /** The in-memory tenant behind it: `executions()`, `records()` to assert on. */
  readonly tenant: Tenant;
};

/** How long `drop: hang` holds a call before it fails as a timed-out connection would (the server's request timeout). */
export const hangMs = 30_000;
/** `drop: dribble` gives the body this many bytes at a time, one piece every `dribbleIntervalMs`, as the node:http edge does. */
const dribbleBytes = 8;
const dribbleIntervalMs = 25;

/** One request on its way through the core; a body stream that fails is kept to reject with. */
interface Exchange {
  readonly request: Request;
  bodyError: { readonly error: unknown } | undefined;
}

// ignoreBOM: the BOM is kept here and dropped once by BodyCollector, as on the node:http edge.
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });
const webBytes: ByteTools = { alloc: (size) => new Uint8Array(size), decode: (bytes) => utf8.decode(bytes) };

/** A chunk of any realm's byte view (jsdom's Uint8Array is not this realm's), as a Uint8Array. */
function bytesOf(value: unknown): Uint8Array {
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  throw new TypeError('request.body gave a chunk that is not a byte view');
}

/** Reads `request.body` chunk by chunk; `take` says whether to go on. Cancels the rest when it stops early. */
async function readChunks(exchange: Exchange, take: (chunk: Uint8Array) => boolean): Promise<boolean> {
  const body = exchange.request.body;
  if (body === null) return true;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return true;
    if (!take(bytesOf(value))) {
      reader.cancel().catch(() => undefined);
      return false;
    }
  }
}

/** The character limit applied to `request.body` as it streams: reading stops at the first chunk past it. */
async function readBody(exchange: Exchange, maxCharacters: number): Promise<BodyRead> {
  const contentLength = exchange.request.headers.get('content-length') ?? undefined;
  const collector = new BodyCollector(maxCharacters, BodyCollector.capacityFor(contentLength, maxCharacters), webBytes);
  let verdict: ReturnType<BodyCollector['add']> = 'more';
  const whole = await readChunks(exchange, (chunk) => {
    verdict = collector.add(chunk);
    return verdict === 'more';
  });
  return whole ? collector.end() : { ok: false, reason: verdict as 'too-long' | 'too-fragmented' };
}

async function readText(exchange: Exchange, maxBytes: number): Promise<TextRead> {
  const pieces: Uint8Array[] = [];
  let size = 0;
  const whole = await readChunks(exchange, (chunk) => {
    size += chunk.length;
    pieces.push(chunk);
    return size <= maxBytes;
  });
  if (!whole) return { ok: false, reason: 'too-large' };
  const all = new Uint8Array(size);
  let at = 0;
  for (const piece of pieces) {
    all.set(piece, at);
    at += piece.length;
  }
  // TextDecoder drops a leading BOM and replaces bad bytes, as the node:http edge reads a rule too.
  return { ok: true, text: new TextDecoder().decode(all) };
}

const failedBody =
  (exchange: Exchange, done: (read: { ok: false; reason: 'aborted' }) => void) =>
  (error: unknown): void => {
    exchange.bodyError = { error };
    done({ ok: false, reason: 'aborted' });
  };

const fetchReader: RequestReader<Exchange> = {
  method: (exchange) => exchange.request.method,
  target: (exchange) => exchange.request.url,
  header: (exchange, name) => {
    const value = exchange.request.headers.get(name) ?? undefined;
    // Headers joins a repeated field with ', '; a repeated Authorization is read by its first value, as Node reads it.
    return name === 'authorization' && value !== undefined ? (value.split(', ')[0] as string) : value;
  },
  remoteAddress: () => undefined,
  headers: (exchange) => packHeaders([...exchange.request.headers].flat()),
  readBody: (exchange, maxCharacters, done) => {
    readBody(exchange, maxCharacters).then(done, failedBody(exchange, done));
  },
  readText: (exchange, maxBytes, done) => {
    readText(exchange, maxBytes).then(done, failedBody(exchange, done));
  },
  // No connection to keep: an unread body is simply cancelled.
  mustCloseUnread: () => false,
  // No connection either: an answer can always be handed back.
  canAnswer: () => true,
};

/** A network error, as fetch() rejects with one (a TypeError), naming the fault rule's drop. */
const networkError = (drop: string): TypeError =>
  new TypeError(`fetch failed: the reference tenant dropped the call (fault rule drop: ${drop})`);

/**
 * The answer as a Response; a HEAD request gets the headers alone, as over HTTP (RFC 9110, 9.3.2),
 * and a 204, 205 or 304 none (a Response refuses one: Fetch, "null body status").
 */
function respond(
  answer: CoreAnswer,
  method: string,
  body: ConstructorParameters<typeof Response>[0] | null = answer.body as ConstructorParameters<typeof Response>[0],
): Response {
  const headers = new Headers();
  for (const [name, value] of Object.entries(answer.headers))
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, String(one));
  return new Response(noContentStatuses.has(answer.status) || method === 'HEAD' ? null : body, { status: answer.status, headers });
}

/** A body given a few bytes at a time (`drop: dribble`). */
function dribbled(body: string | Uint8Array): ReadableStream<Uint8Array> {
  const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
  let offset = 0;
  return new ReadableStream({
    async pull(controller) {
      if (offset > 0) await new Promise((resolve) => setTimeout(resolve, dribbleIntervalMs));
      controller.enqueue(bytes.slice(offset, offset + dribbleBytes));
      offset += dribbleBytes;
      if (offset >= bytes.length) controller.close();
    },
  });
}

/** What the answer's effect makes of it here: a delay is waited, a drop fails as the network would (after its delay, if any). */
function applied(answer: CoreAnswer, request: Request): Promise<Response> {
  const method = request.method;
  const effect = answer.effect;
  if (effect === undefined || effect.kind === 'cut') return Promise.resolve(respond(answer, method));
  if (effect.kind === 'delay') return new Promise((resolve) => setTimeout(() => resolve(respond(answer, method)), effect.ms));
  if (effect.kind === 'events') {
    const body = JSON.stringify(
      { error: 'the live feed (GET /_mock/events) is the node:http server’s; poll GET /_mock/calls here' },
      null,
      2,
    );
    return Promise.resolve(
      respond({ status: 404, headers: { 'Content-Type': 'application/json; charset=utf-8' }, body, close: false }, method),
    );
  }
  if (effect.delayMs !== undefined) {
    // A rule's latency, then its drop.
    const drop = { ...answer, effect: { kind: 'drop', drop: effect.drop } } as const;
    return new Promise((resolve) => setTimeout(resolve, effect.delayMs)).then(() => applied(drop, request));
  }
  switch (effect.drop) {
    case 'reset':
      return Promise.reject(networkError('reset'));
    case 'close': {
      // The status line and headers came, the body never does: reading it fails.
      const body = new ReadableStream({ start: (controller) => controller.error(networkError('close')) });
      return Promise.resolve(respond(answer, method, body));
    }
    case 'hang':
      // Never answered: fails when the caller aborts, or at the server's request timeout.
      return new Promise((_, reject) => {
        const signal = request.signal;
        if (signal?.aborted) return reject(signal.reason);
        const timer = setTimeout(() => reject(networkError('hang')), hangMs);
        signal?.addEventListener(
          'abort',
          () => {
            clearTimeout(timer);
            reject(signal.reason);
          },
          { once: true },
        );
      });
    default:
      return Promise.resolve(respond(answer, method, dribbled(answer.body)));
  }
}

/** The fetch edge over a core: a Request in, a Response out; each call is kept for `GET /_mock/calls` once answered. */
export function tenantFetch(core: TenantCore): TenantFetch {
  const journal = core.journal;
  /** Records a call as the node:http edge does: a drop as `drop:KIND` (a dribble read to its end is an answer like any other), status 0 when none came. */
  const record = (call: CallRecord | undefined, status: number): void => {
    if (call === undefined || journal === undefined || call.answer === 'inspection') return;
    if (call.drop !== undefined && call.drop !== 'dribble') call.answer = `drop:${call.drop}`;
    call.finish(core.clock(), status);
    journal.add(call);
  };
  const handler = async (request: Request): Promise<Response> => {
    const exchange: Exchange = { request, bodyError: undefined };
    const url = request.url;
    const path = url.slice(url.indexOf('/', url.indexOf('//') + 2)).split(/[?#]/)[0] ?? '';
    const call = journal ? new CallRecord(performance.now(), request.method, path, fetchReader.headers(exchange)) : undefined;
    const answer = await new Promise<CoreAnswer>((resolve, reject) =>
      core.answer(fetchReader, exchange, call, (decided) => {
        // A body stream that failed is the caller's error, as fetch() rejects on one.
        if (exchange.bodyError) return reject(exchange.bodyError.error);
        if (decided === undefined) return reject(new Error('the request was not run'));
        resolve(decided);
      }),
    );
    try {
      const response = await applied(answer, request);
      record(call, answer.status);
      return response;
    } catch (error) {
      record(call, 0);
      throw error;
    }
  };
  return Object.assign(handler, { tenant: core.tenant });
}
