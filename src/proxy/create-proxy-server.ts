import type { IncomingMessage, Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Contract } from '../contract';
import type { CallRecord } from '../core/call-journal';
import type { InspectionAccess } from '../core/inspection';
import type { AllowedHosts } from '../core/request-guard';
import type { RequestTarget } from '../core/request-target';
import type { CoreAnswer } from '../core/tenant-core';
import type { FaultDecision, FaultRuleConfig, FaultRules } from '../faults';
import { createTenantServer } from '../node/create-tenant-server';
import { later } from '../node/fault-effects';
import { nodeBytes } from '../node/node-bytes';
import type { AccessLogEvent } from '../node/options';
import { createRedactor, keyHint } from '../redact';
import { BodyCollector, type BodyRead } from '../tenant/body-limit';
import { isoClock } from '../tenant/iso-clock';
import { defaultLimits } from '../tenant/model';
import type { CassetteRecorder } from './cassette';
import { checkCaller, type CallerFinding } from './caller-check';
import { createForwarder, defaultUpstreamBounds, type ForwardResult, type UpstreamBounds } from './forward';
import { keyStanding, mediaTypeOf, sizeClass } from './replay';
import { judgeTenant, verdictLabel } from './tenant-verdict';

/**
 * `ism-webhooks proxy`: a caller points here instead of at its tenant; every request is forwarded
 * to the one upstream and its answer returned unchanged (status, body bytes, headers except
 * hop-by-hop ones). Along the way the caller and the tenant are judged against the contract, and
 * every exchange shows in `/_mock/calls` and on the page with its verdict; `record` keeps a
 * cassette (docs/decisions.md #36, #37). It is the reference's node:http edge and core with a
 * tenant of no keys and no webhooks, and `forward` in place of its routes: the request guard (Host,
 * and no cross-site use of `/_mock`), `/_mock`, CORS and the fault rules are the core's, as on `serve`.
 */

export interface ProxyServerOptions {
  readonly contract: Contract;
  /** The upstream's base URL: http or https, with its base path (/HEAT on premises). */
  readonly upstream: URL;
  /** PEM of a private CA the upstream's certificate is issued by. */
  readonly upstreamCa?: string;
  /** Bounds on the upstream: time per exchange, answer body and header bytes. */
  readonly upstreamBounds?: Partial<UpstreamBounds>;
  /** The path the proxy serves under (the upstream's own path comes from its URL). */
  readonly basePath?: string;
  /** Refuse (400) a request with caller findings instead of forwarding it. */
  readonly strictCaller?: boolean;
  readonly recorder?: CassetteRecorder;
  readonly inspection?: InspectionAccess;
  /** Host names served besides IP literals and `localhost` (docs/decisions.md #17), as `serve --allowed-hosts`. */
  readonly allowedHosts?: AllowedHosts;
  readonly log?: (event: ProxyLogEvent) => void;
  readonly clock?: () => number;
  readonly faults?: readonly FaultRuleConfig[];
  readonly seed?: number;
  /** The largest request body forwarded, in bytes (default 1 MiB: past the 100,000-character limit, so the tenant's own refusal is seen). */
  readonly maxRequestBytes?: number;
}

/** The access log's line, with the verdicts. */
export type ProxyLogEvent = AccessLogEvent;

export interface ProxyServer {
  readonly server: Server;
  readonly faults: FaultRules;
  listen(port?: number, host?: string): Promise<string>;
  close(): Promise<void>;
}

/** Extensions remembered for the case check: a tenant has tens of webhooks, not thousands. */
const maxExecutedKept = 1000;

const json = (status: number, value: unknown, close: boolean): CoreAnswer => {
  const body = JSON.stringify(value);
  return {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body) },
    body,
    close,
  };
};

export function createProxyServer(options: ProxyServerOptions): ProxyServer {
  const { contract, upstream } = options;
  const clock = options.clock ?? Date.now;
  const iso = isoClock();
  const basePath = options.basePath ?? '';
  const maxCharacters = contract.maxCharacters;
  const maxRequestBytes = options.maxRequestBytes ?? 1024 * 1024;
  const forwarder = createForwarder({ url: upstream, ca: options.upstreamCa, ...defaultUpstreamBounds, ...options.upstreamBounds });
  const shownUpstream = `${upstream.protocol}//${upstream.host}${upstream.pathname.replace(/\/+$/, '')}`;
  /** Extensions the upstream executed (a 2xx): the caller check names another case of one of them. */
  const executed = new Set<string>();

  /** The upstream's answer to one request, judged, recorded, and labelled for the log and the journal. */
  const answered = (
    req: IncomingMessage,
    call: CallRecord | undefined,
    target: RequestTarget,
    result: ForwardResult,
    decision: FaultDecision | undefined,
    body: Judged,
  ): CoreAnswer => {
    const verdict = judgeTenant(
      contract,
      result.ok ? { status: result.status, headers: lowerHeaders(result.headers), body: result.body } : { failure: result.reason },
    );
    const label = (answer: string): void => {
      if (call) call.answer = withFindings(answer, body.findings);
    };
    if (!result.ok) {
      label(verdictLabel(verdict));
      return json(result.status, { error: result.status === 504 ? 'gateway timeout' : 'bad gateway', reason: result.reason }, false);
    }
    label(decision && decision.effect !== 'latency' ? `${verdictLabel(verdict)}+fault:${decision.rule}` : verdictLabel(verdict));
    if (result.status >= 200 && result.status < 300 && target.extension !== undefined && executed.size < maxExecutedKept)
      executed.add(target.extension);
    const auth = req.headers.authorization;
    const key = keyOf(auth);
    const redact = createRedactor(key === undefined ? [] : [{ value: key, placeholder: '$ISM_API_KEY' }]);
    // Recorded even when the caller has gone: the tenant answered.
    options.recorder?.record({
      match: {
        method: req.method ?? '',
        path: target.path,
        extension: target.extension ?? '',
        key: keyStanding(auth, result.status !== 401),
        contentType: mediaTypeOf(req.headers['content-type']),
        size: sizeClass(body.counted),
      },
      recordedAt: iso(clock()),
      ...(serverOf(result.headers) !== undefined ? { server: serverOf(result.headers) } : {}),
      verdict: verdictLabel(verdict),
      status: result.status,
      headers: result.headers.map(([name, value]) => [name, redact(value)] as const),
      body: redactedBody(result.body, redact),
    });
    // The upstream's headers as it sent them (names' case kept, a repeated one in order), the body's bytes as they came.
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of result.headers) {
      if (name.toLowerCase() === 'content-length') continue;
      const before = headers[name];
      headers[name] = before === undefined ? value : [...(Array.isArray(before) ? before : [before]), value];
    }
    return { status: result.status, headers: { ...headers, 'Content-Length': result.body.length }, body: result.body, close: false };
  };

  const forward = (
    req: IncomingMessage,
    call: CallRecord | undefined,
    target: RequestTarget,
    decision: FaultDecision | undefined,
    done: (answer: CoreAnswer | undefined) => void,
  ): void => {
    // A proxy for one upstream: an absolute-form target (another host) is refused (CONNECT: see 'connect').
    if (!(req.url ?? '/').startsWith('/')) {
      if (call) call.answer = 'refused:other-host';
      const refusal = {
        error: 'this proxy forwards to one upstream only',
        upstream: shownUpstream,
        fix: 'send origin-form requests (a path), not a full URL',
      };
      return done(json(403, refusal, true));
    }
    const auth = req.headers.authorization;
    const key = keyOf(auth);
    if (call) call.keyHint = key === undefined ? undefined : keyHint(key);
    readBody(req, maxRequestBytes, maxCharacters, (read) => {
      if (read === 'aborted') return done(undefined);
      if (read === 'too-large') {
        if (call) call.answer = 'refused:too-large';
        return done(json(413, { error: `the proxy forwards request bodies up to ${maxRequestBytes} bytes` }, true));
      }
      const request = {
        method: req.method ?? '',
        authorization: auth,
        contentType: req.headers['content-type'],
        extension: target.extension,
        body: read.counted,
      };
      const body: Judged = { ...read, findings: checkCaller(request, executed, maxCharacters) };
      if (options.strictCaller && body.findings.length > 0) {
        if (call) call.answer = withFindings('refused:caller', body.findings);
        return done(
          json(400, { error: 'the request breaks the contract (--strict-caller): not forwarded', findings: body.findings }, false),
        );
      }
      const go = (): void => {
        forwarder
          .forward({
            method: req.method ?? 'GET',
            target: target.path + (target.query ? `?${target.query}` : ''),
            headers: pairs(req.rawHeaders),
            body: read.bytes,
          })
          .then((result) => done(answered(req, call, target, result, decision, body)))
          .catch((error: unknown) => failed(call, error, done));
      };
      if (decision?.effect === 'latency') later(req, decision.ms, go);
      else go();
    });
  };

  const tenantServer = createTenantServer({
    contract,
    // The page shows the proxy as a tenant with no keys and no webhooks of its own: the calls are the upstream's.
    tenant: { name: `proxy to ${shownUpstream}`, apiKeys: [], webhooks: [], actions: [], limits: defaultLimits },
    basePath,
    inspection: options.inspection,
    allowedHosts: options.allowedHosts,
    log: options.log,
    clock,
    faults: options.faults,
    seed: options.seed,
    forward,
  });
  const server = tenantServer.server;
  // CONNECT asks for a tunnel to any host: a proxy for one upstream refuses it.
  server.on('connect', (_req: IncomingMessage, socket: Socket) => {
    const body = 'this proxy forwards to one upstream only; CONNECT is refused';
    socket.end(
      `HTTP/1.1 405 Method Not Allowed\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
    );
  });

  return {
    server,
    faults: tenantServer.faults,
    listen: (port, host) => tenantServer.listen(port, host),
    async close() {
      forwarder.close();
      await tenantServer.close();
    },
  };
}

/** A programming error on the way (never an upstream's failure, which is a 502): 500, and a warning; the proxy keeps serving. */
function failed(call: CallRecord | undefined, error: unknown, done: (answer: CoreAnswer) => void): void {
  if (call) call.answer = 'error';
  process.emitWarning(`ism-webhooks proxy: ${error instanceof Error ? error.message : String(error)}`);
  done(json(500, { error: 'internal error of the proxy' }, true));
}

function withFindings(answer: string, findings: readonly CallerFinding[]): string {
  return findings.length > 0 ? `${answer} caller:${findings.map((finding) => finding.kind).join(',')}` : answer;
}

interface Body {
  /** Every byte, to forward. */
  readonly bytes: Buffer;
  /** The body as the tenant counts it (BodyCollector): over the limit, or its text. */
  readonly counted: BodyRead;
}

/** The body, and what the caller check found. */
interface Judged extends Body {
  readonly findings: readonly CallerFinding[];
}

/** Reads the whole body (up to `maxBytes`), counting its characters as the tenant does alongside. */
function readBody(
  req: IncomingMessage,
  maxBytes: number,
  maxCharacters: number,
  done: (read: Body | 'too-large' | 'aborted') => void,
): void {
  const collector = new BodyCollector(maxCharacters, BodyCollector.capacityFor(req.headers['content-length'], maxCharacters), nodeBytes);
  const chunks: Buffer[] = [];
  let size = 0;
  let counting: 'more' | 'too-long' | 'too-fragmented' = 'more';
  let settled = false;
  const finish = (read: Body | 'too-large' | 'aborted'): void => {
    if (settled) return;
    settled = true;
    done(read);
  };
  req.on('data', (chunk: Buffer) => {
    if (settled) return;
    size += chunk.length;
    if (size > maxBytes) {
      req.pause();
      return finish('too-large');
    }
    chunks.push(chunk);
    if (counting === 'more') counting = collector.add(chunk);
  });
  req.on('end', () => {
    const counted = counting === 'more' ? collector.end() : ({ ok: false, reason: counting } as const);
    finish({ bytes: Buffer.concat(chunks, size), counted });
  });
  req.on('close', () => finish('aborted'));
}

function pairs(raw: readonly string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i] as string, raw[i + 1] as string]);
  return out;
}

function lowerHeaders(headers: readonly (readonly [string, string])[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of headers) out[name.toLowerCase()] = value;
  return out;
}

function serverOf(headers: readonly (readonly [string, string])[]): string | undefined {
  return headers.find(([name]) => name.toLowerCase() === 'server')?.[1];
}

function keyOf(authorization: string | undefined): string | undefined {
  const match = /^\s*(?:rest_api_key=|bearer\s+)?(\S+)\s*$/i.exec(authorization ?? '');
  return match?.[1];
}

/** The body with the caller's key replaced, when it is UTF-8 text; other bytes as they came. */
function redactedBody(body: Buffer, redact: (text: string) => string): Uint8Array {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return body;
  }
  const redacted = redact(text);
  return redacted === text ? body : Buffer.from(redacted);
}
