import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import { hopByHop } from './cassette';

/**
 * One request forwarded to the one upstream, bounded in time and memory: the answer's headers
 * are capped by `maxHeaderBytes`, its body by `maxBodyBytes`, the whole exchange by `timeoutMs`.
 * Every way it can go wrong is a value with the status the proxy answers (502, or 504 for a
 * timeout) and the reason in words (docs/decisions.md #36).
 */

export interface UpstreamOptions extends UpstreamBounds {
  /** The upstream's base URL (http or https), e.g. https://tenant.example.com/HEAT. */
  readonly url: URL;
  /** PEM of a private CA to trust besides the system's (and NODE_EXTRA_CA_CERTS, which Node reads itself). */
  readonly ca?: string;
}

export interface UpstreamBounds {
  readonly timeoutMs: number;
  readonly maxBodyBytes: number;
  readonly maxHeaderBytes: number;
}

export const defaultUpstreamBounds: UpstreamBounds = { timeoutMs: 30_000, maxBodyBytes: 1024 * 1024, maxHeaderBytes: 16 * 1024 };

export interface ForwardRequest {
  readonly method: string;
  /** Path and query under the upstream's base URL: `/api/rest/Webhooks/Execute?extension=X`. */
  readonly target: string;
  /** Request headers as received (name, value pairs). */
  readonly headers: readonly (readonly [string, string])[];
  readonly body: Uint8Array;
}

export type ForwardResult =
  | {
      readonly ok: true;
      readonly status: number;
      /** Response headers in the order sent, hop-by-hop ones left out. */
      readonly headers: readonly (readonly [string, string])[];
      readonly body: Buffer;
    }
  | { readonly ok: false; readonly status: 502 | 504; readonly reason: string };

export interface Forwarder {
  forward(request: ForwardRequest): Promise<ForwardResult>;
  /** Closes kept-alive upstream connections. */
  close(): void;
}

export function createForwarder(options: UpstreamOptions): Forwarder {
  const secure = options.url.protocol === 'https:';
  const agent = secure
    ? new https.Agent({
        keepAlive: true,
        ...(options.ca !== undefined ? { ca: [...tls.rootCertificates, options.ca] } : {}),
      })
    : new http.Agent({ keepAlive: true });
  const base = options.url.pathname.replace(/\/+$/, '');
  const forward = (request: ForwardRequest): Promise<ForwardResult> =>
    new Promise((resolve) => {
      let settled = false;
      const done = (result: ForwardResult): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(result);
      };
      const headers: Record<string, string | string[]> = {};
      for (const [name, value] of request.headers) {
        const lower = name.toLowerCase();
        if (hopByHop.has(lower) || lower === 'host' || lower === 'content-length' || lower === 'expect') continue;
        const had = headers[lower];
        headers[lower] = had === undefined ? value : Array.isArray(had) ? [...had, value] : [had, value];
      }
      if (request.body.length > 0 || request.method === 'POST' || request.method === 'PUT')
        headers['content-length'] = String(request.body.length);
      const upstreamRequest = (secure ? https : http).request({
        protocol: options.url.protocol,
        hostname: options.url.hostname.replace(/^\[|\]$/g, ''),
        port: options.url.port || undefined,
        method: request.method,
        path: base + request.target,
        headers,
        agent,
        maxHeaderSize: options.maxHeaderBytes,
      });
      const timer = setTimeout(() => {
        upstreamRequest.destroy();
        done({ ok: false, status: 504, reason: `the upstream did not answer within ${options.timeoutMs} ms` });
      }, options.timeoutMs);
      upstreamRequest.on('error', (error: NodeJS.ErrnoException) =>
        done({ ok: false, status: 502, reason: failureReason(error, options) }),
      );
      upstreamRequest.on('response', (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > options.maxBodyBytes) {
            upstreamRequest.destroy();
            done({ ok: false, status: 502, reason: `the upstream's answer is larger than ${options.maxBodyBytes} bytes` });
            return;
          }
          chunks.push(chunk);
        });
        response.on('aborted', () =>
          done({ ok: false, status: 502, reason: 'the upstream cut the connection in the middle of its answer' }),
        );
        response.on('error', () => done({ ok: false, status: 502, reason: 'the upstream cut the connection in the middle of its answer' }));
        response.on('end', () => {
          const kept: [string, string][] = [];
          const raw = response.rawHeaders;
          for (let i = 0; i + 1 < raw.length; i += 2) {
            const name = raw[i] as string;
            if (!hopByHop.has(name.toLowerCase())) kept.push([name, raw[i + 1] as string]);
          }
          done({ ok: true, status: response.statusCode ?? 502, headers: kept, body: Buffer.concat(chunks, size) });
        });
      });
      upstreamRequest.end(request.body);
    });
  return { forward, close: () => agent.destroy() };
}

/** A transport failure in words, with what to do. */
function failureReason(error: NodeJS.ErrnoException, options: UpstreamOptions): string {
  const where = options.url.host;
  switch (error.code) {
    case 'ECONNREFUSED':
      return `the upstream ${where} refused the connection (is it running, and is the port right?)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `the upstream's host name ${options.url.hostname} does not resolve`;
    case 'ECONNRESET':
    case 'EPIPE':
      return `the upstream ${where} reset the connection before answering`;
    case 'HPE_HEADER_OVERFLOW':
      return `the upstream's answer headers are larger than ${options.maxHeaderBytes} bytes`;
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
      return `the upstream's certificate is not trusted (${error.code}): pass its CA with --upstream-ca FILE or NODE_EXTRA_CA_CERTS`;
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `the upstream's certificate is not for ${options.url.hostname}`;
    default:
      return `the upstream ${where} failed: ${error.code ?? error.message}`;
  }
}
