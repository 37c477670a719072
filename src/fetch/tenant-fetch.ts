import { packHeaders } from '../redact';
import type { Catalogue } from '../contract/catalogue';
import { lookupAnswer, plainAnswers, renderAnswers, type PlainAnswer, type RenderedAnswer } from '../server/answers';
import { runPipeline, type RequestReader } from '../server/pipeline';
import { preference } from '../server/prefer';
import { parseRequestTarget, type RequestTarget, underBasePath } from '../server/request-target';
import { BodyCollector, type BodyRead, type ByteTools } from '../tenant/body-limit';
import type { Tenant } from '../tenant/tenant';

/**
 * The reference tenant as one fetch-style function, `(request) => Promise<Response>` (the shape of
 * Hono's `app.fetch`): the same pipeline, answers and body limit as the node:http edge, with no
 * socket and no Node built-in, so it runs in a browser (MSW's `setupWorker`) as in Node. It
 * answers the Execute path and 404 elsewhere; the `/_mock` inspection API is the node:http
 * edge's, here `tenant.executions()` and `tenant.records()` are the way in.
 */
export type TenantFetch = ((request: Request) => Promise<Response>) & {
  /** The in-memory tenant behind it: `executions()`, `records()` to assert on. */
  readonly tenant: Tenant;
};

/** Everything resolved: the fetch edge takes no defaults of its own (see createTenantFetch). */
export interface TenantFetchCore {
  readonly catalogue: Catalogue;
  readonly maxCharacters: number;
  readonly tenant: Tenant;
  /** Milliseconds since the epoch. */
  readonly clock: () => number;
  /** Honour Prism's `Prefer` header, as `serve --prefer` does. */
  readonly prefer: boolean;
  /** The path of the tenant's base URL before the Execute path: '' or, for example, '/HEAT'. */
  readonly basePath: string;
  /** Told of a programming error answered 500. */
  readonly onFault: (error: unknown) => void;
}

/** One request on its way through the pipeline; a body stream that fails is kept to reject with. */
interface Exchange {
  readonly request: Request;
  bodyError: { readonly error: unknown } | undefined;
}

// ignoreBOM: the BOM is kept here and dropped once by BodyCollector, as on the node:http edge.
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });
const webBytes: ByteTools = { alloc: (size) => new Uint8Array(size), decode: (bytes) => utf8.decode(bytes) };

const fetchReader: RequestReader<Exchange> = {
  method: (exchange) => exchange.request.method,
  header: (exchange, name) => exchange.request.headers.get(name) ?? undefined,
  headers: (exchange) => packHeaders([...exchange.request.headers].flat()),
  readBody: (exchange, maxCharacters, done) => {
    readStream(exchange, maxCharacters).then(done, (error: unknown) => {
      exchange.bodyError = { error };
      done({ ok: false, reason: 'aborted' });
    });
  },
  // No connection to keep: an unread body is simply cancelled.
  mustCloseUnread: () => false,
  // No connection either: an answer can always be handed back.
  canAnswer: () => true,
};

/** The character limit applied to `request.body` as it streams: reading stops at the first chunk past it. */
async function readStream(exchange: Exchange, maxCharacters: number): Promise<BodyRead> {
  const contentLength = exchange.request.headers.get('content-length') ?? undefined;
  const collector = new BodyCollector(maxCharacters, BodyCollector.capacityFor(contentLength, maxCharacters), webBytes);
  const body = exchange.request.body;
  if (body === null) return collector.end();
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return collector.end();
    // The tag, not instanceof: under jsdom the chunk is a Uint8Array of another realm (Node's).
    if (Object.prototype.toString.call(value) !== '[object Uint8Array]')
      throw new TypeError('request.body gave a chunk that is not a Uint8Array');
    const verdict = collector.add(value);
    if (verdict !== 'more') {
      reader.cancel().catch(() => undefined);
      return { ok: false, reason: verdict };
    }
  }
}

/** The request target (path and query) of an absolute URL, without the base path; undefined when outside it. */
function targetOf(url: string, basePath: string): RequestTarget {
  const start = url.indexOf('/', url.indexOf('//') + 2);
  const hash = url.indexOf('#');
  const raw = start === -1 ? '/' : url.slice(start, hash === -1 ? undefined : hash);
  return underBasePath(parseRequestTarget(raw), basePath);
}

/** The answer as a Response; a HEAD request gets the headers alone, as over HTTP (RFC 9110, 9.3.2). */
const respond = (answer: RenderedAnswer | PlainAnswer, extra?: Record<string, string>, method?: string): Response => {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(answer.headers)) headers[name] = String(value);
  return new Response(answer.status === 204 || method === 'HEAD' ? null : answer.body, {
    status: answer.status,
    headers: extra ? { ...headers, ...extra } : headers,
  });
};

export function tenantFetch(core: TenantFetchCore): TenantFetch {
  const answers = renderAnswers(core.catalogue);
  const { tenant, maxCharacters, basePath } = core;
  const executePath = core.catalogue.path;

  const handler = (request: Request): Promise<Response> =>
    new Promise((resolve, reject) => {
      const fault = (error: unknown): void => {
        core.onFault(error);
        resolve(respond(plainAnswers.fault, undefined, request.method));
      };
      try {
        const target = targetOf(request.url, basePath);
        if (target.path !== executePath) return resolve(respond(plainAnswers.notFound, undefined, request.method));
        if (core.prefer) {
          const preferred = preference(request.headers.get('prefer') ?? undefined, answers);
          if (preferred.kind === 'answer') {
            const { answer } = preferred;
            return resolve(respond(answer, { 'Preference-Applied': `code=${answer.status}, example=${answer.name}` }, request.method));
          }
          if (preferred.kind === 'unknown') return resolve(respond(preferred, undefined, request.method));
        }
        const exchange: Exchange = { request, bodyError: undefined };
        runPipeline(fetchReader, exchange, target, tenant, maxCharacters, core.clock(), (outcome) => {
          // A body stream that failed is the caller's error, as fetch() rejects on one.
          if (exchange.bodyError) return reject(exchange.bodyError.error);
          if ('notRun' in outcome) return reject(new Error('the request was not run'));
          if ('tooFragmented' in outcome) return resolve(respond(plainAnswers.tooFragmented, undefined, request.method));
          if ('fault' in outcome) return fault(outcome.fault);
          try {
            resolve(respond(lookupAnswer(answers, outcome.answer), undefined, request.method));
          } catch (error) {
            fault(error);
          }
        });
      } catch (error) {
        fault(error);
      }
    });
  return Object.assign(handler, { tenant });
}
