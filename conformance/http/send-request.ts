import http from 'node:http';
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

export type SendResult = { readonly ok: true; readonly response: WireResponse } | { readonly ok: false; readonly error: string };

/** Responses are kept up to this size; the rest is dropped (an error body is a few hundred bytes). */
const maxResponseBytes = 1024 * 1024;

/**
 * Sends the exact bytes with node:http(s): any method token, a Content-Length that is the byte
 * count, no chunking, no re-encoding, one connection per request. A network failure or a timeout
 * is a value, not a throw. When the server answers before reading the whole body and closes the
 * connection, the answer counts and the write error is ignored.
 */
export function sendRequest(request: WireRequest, timeoutMs: number): Promise<SendResult> {
  const started = performance.now();
  return new Promise((resolve) => {
    let settled = false;
    const settle = (result: SendResult): void => {
      if (!settled) {
        settled = true;
        resolve(result);
      }
    };
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      settle({ ok: false, error: `not a URL: ${request.url}` });
      return;
    }
    // With headers as a list Node adds no Host header itself (RFC 9112 §3.2 requires one).
    const headers: string[] = ['Host', url.host];
    for (const [name, value] of request.headers) headers.push(name, value);
    if (request.body.length > 0 || request.method === 'POST') headers.push('Content-Length', String(request.body.length));
    const client = url.protocol === 'https:' ? https : http;
    const req = client.request(url, { method: request.method, headers, agent: false });
    const timeout = `no complete answer within ${timeoutMs} ms (--timeout)`;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      req.destroy(new Error(timeout));
    }, timeoutMs);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        if (size < maxResponseBytes) chunks.push(chunk);
        size += chunk.length;
      });
      const done = (): void => {
        clearTimeout(timer);
        if (timedOut) {
          settle({ ok: false, error: timeout });
          return;
        }
        const joined: Record<string, string> = {};
        for (const [name, value] of Object.entries(res.headers)) {
          if (value !== undefined) joined[name] = Array.isArray(value) ? value.join(', ') : value;
        }
        settle({
          ok: true,
          response: { status: res.statusCode ?? 0, headers: joined, body: Buffer.concat(chunks).subarray(0, maxResponseBytes), durationMs: Math.round(performance.now() - started) },
        });
      };
      res.on('end', done);
      res.on('aborted', done);
      res.on('error', done);
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      settle({ ok: false, error: error.code ? `${error.code}: ${error.message}` : error.message });
    });
    req.end(request.body);
  });
}
