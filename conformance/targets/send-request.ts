import http from 'node:http';
import { groupDigits } from '../../src/number-text';
import https from 'node:https';

/** One request exactly as it goes on the wire (method, URL, headers in order, body bytes). */
export interface WireRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: readonly (readonly [string, string])[];
  readonly body: Buffer;
}

export interface WireResponse {
  readonly status: number;
  /** Header names in lower case; repeated headers joined with ', '. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  readonly durationMs: number;
}

/**
 * How a request failed to get a complete answer. `refused`: nothing listens at the port;
 * `reset-before-headers` / `reset-after-headers`: the connection closed or reset mid-exchange;
 * `timeout-before-headers` / `timeout-in-body`: --timeout ran out; `plain-http`: https to a server
 * that answered the TLS handshake in plain http; `other`: DNS, other TLS failures, a bad URL.
 */
export type TransportKind =
  | 'refused'
  | 'reset-before-headers'
  | 'reset-after-headers'
  | 'timeout-before-headers'
  | 'timeout-in-body'
  | 'plain-http'
  | 'other';

/** What did arrive before a transport failure: the status line, headers and bytes of body, if any. */
export interface PartialAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

export interface TransportFailure {
  readonly kind: TransportKind;
  /** Names the failure in words: `connection reset after headers`, `timed out after 5,000 ms waiting for the body`. */
  readonly error: string;
  /** The socket error code, when there is one (ECONNRESET, ECONNREFUSED, ENOTFOUND...). */
  readonly code: string | undefined;
  readonly partial: PartialAnswer | undefined;
  /** Real time from sending to the failure. */
  readonly durationMs: number;
}

export type SendResult = { readonly ok: true; readonly response: WireResponse } | ({ readonly ok: false } & TransportFailure);

/** Responses are kept up to this size; the rest is dropped (an error body is a few hundred bytes). */
const maxResponseBytes = 1024 * 1024;

export const formatMs = (ms: number): string => `${groupDigits(Math.round(ms))} ms`;

/**
 * Sends the exact bytes with node:http(s): any method token, a Content-Length that is the byte
 * count, no chunking, no re-encoding, one connection per request, redirects never followed. A
 * network failure or a timeout is a value, not a throw, and keeps what did arrive. When the server
 * answers before reading the whole body and closes the connection, the answer counts and the write
 * error is ignored.
 */
export function sendRequest(request: WireRequest, timeoutMs: number): Promise<SendResult> {
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    let settled = false;
    const settle = (result: SendResult): void => {
      if (!settled) {
        settled = true;
        clearTimeout(timer);
        resolve(result);
      }
    };
    const fail = (kind: TransportKind, error: string, code: string | undefined, partial?: PartialAnswer): void =>
      settle({ ok: false, kind, error, code, partial, durationMs: elapsed() });
    let timer: NodeJS.Timeout | undefined;
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      fail('other', `not a URL: ${request.url}`, undefined);
      return;
    }
    // With headers as a list Node adds no Host header itself (RFC 9112 §3.2 requires one).
    const headers: string[] = ['Host', url.host];
    for (const [name, value] of request.headers) headers.push(name, value);
    if (request.body.length > 0 || request.method === 'POST') headers.push('Content-Length', String(request.body.length));
    const client = url.protocol === 'https:' ? https : http;
    const req = client.request(url, { method: request.method, headers, agent: false });
    let partial: { status: number; headers: Record<string, string>; chunks: Buffer[] } | undefined;
    const partialAnswer = (): PartialAnswer | undefined =>
      partial ? { status: partial.status, headers: partial.headers, body: Buffer.concat(partial.chunks) } : undefined;
    timer = setTimeout(() => {
      if (partial)
        fail(
          'timeout-in-body',
          `timed out after ${formatMs(elapsed())} waiting for the body (--timeout ${timeoutMs})`,
          undefined,
          partialAnswer(),
        );
      else
        fail('timeout-before-headers', `timed out after ${formatMs(elapsed())} waiting for an answer (--timeout ${timeoutMs})`, undefined);
      req.destroy();
    }, timeoutMs);
    req.on('response', (res) => {
      const joined: Record<string, string> = {};
      for (const [name, value] of Object.entries(res.headers)) {
        if (value !== undefined) joined[name] = Array.isArray(value) ? value.join(', ') : value;
      }
      const received = { status: res.statusCode ?? 0, headers: joined, chunks: [] as Buffer[] };
      partial = received;
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        if (size < maxResponseBytes) received.chunks.push(chunk);
        size += chunk.length;
      });
      res.on('end', () => {
        if (!res.complete) return;
        settle({
          ok: true,
          response: {
            status: received.status,
            headers: joined,
            body: Buffer.concat(received.chunks).subarray(0, maxResponseBytes),
            durationMs: elapsed(),
          },
        });
      });
      const cut = (error?: NodeJS.ErrnoException): void => {
        if (!res.complete) fail('reset-after-headers', 'connection reset after headers', error?.code ?? 'ECONNRESET', partialAnswer());
      };
      res.on('aborted', () => cut());
      res.on('error', cut);
      res.on('close', () => cut());
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (partial) {
        fail('reset-after-headers', 'connection reset after headers', error.code, partialAnswer());
        return;
      }
      if (error.code === 'ECONNREFUSED') fail('refused', `connection refused (nothing listens at ${url.host})`, error.code);
      // OpenSSL's words for an http answer to a TLS ClientHello; EPROTO alone is any TLS protocol error.
      else if (url.protocol === 'https:' && error.code === 'EPROTO' && /wrong version number/i.test(error.message))
        fail('plain-http', `TLS handshake failed: ${url.host} answers in plain http, not https (${error.code})`, error.code);
      else if (error.code === 'ECONNRESET' || error.code === 'EPIPE' || error.message === 'socket hang up')
        fail('reset-before-headers', 'connection reset before any answer', error.code);
      else fail('other', error.code ? `${error.code}: ${error.message}` : error.message, error.code);
    });
    req.end(request.body);
  });
}
