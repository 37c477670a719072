import http, { type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Contract } from '../contract';
import {
  createFaultRules,
  isFaultsRoute,
  runsPipeline,
  seededRandom,
  type FaultDecision,
  type FaultRuleConfig,
  type FaultRules,
} from '../faults';
import { createPageAssets } from '../inspection-page/page-assets';
import { keyHint, packHeaders, redactHeaders, createRedactor } from '../redact';
import { renderAnswers, lookupAnswer, type RenderedAnswer } from '../server/answers';
import { createCallJournal } from '../server/call-journal';
import { createFaultEdge } from '../server/fault-effects';
import { faultsRoute } from '../server/faults-route';
import { inspect, inspectionPrefix, type InspectionAccess } from '../server/inspection';
import { createInspectionStreams } from '../server/inspection-stream';
import { createInspectionViews } from '../server/inspection-views';
import { nodeBytes } from '../server/node-bytes';
import { nodeRingBytes } from '../server/node-bytes';
import { type AccessLogEvent, defaultMaxConnections } from '../server/options';
import { parseRequestTarget, underBasePath } from '../server/request-target';
import { BodyCollector } from '../tenant/body-limit';
import { isoClock } from '../tenant/iso-clock';
import { defaultLimits } from '../tenant/model';
import { createTenant } from '../tenant/tenant';
import type { CassetteRecorder } from './cassette';
import { checkCaller, type CallerFinding } from './caller-check';
import { createForwarder, defaultUpstreamBounds, type ForwardResult, type UpstreamBounds } from './forward';
import { keyStanding, mediaTypeOf, sizeClass } from './replay';
import { judgeTenant, verdictLabel, type TenantVerdict } from './tenant-verdict';

/**
 * `ism-webhooks proxy`: a caller points here instead of at its tenant; every request is forwarded
 * to the one upstream and its answer returned unchanged (status, body bytes, headers except
 * hop-by-hop ones). Along the way the caller and the tenant are judged against the contract, fault
 * rules apply to the real traffic, every exchange shows in `/_mock/calls` and on the page with its
 * verdict, and `record` keeps a cassette (docs/decisions.md #36, #37). This file is the node:http
 * edge; the judgments are src/proxy's pure modules.
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

const jsonHeaders = (body: string): Record<string, string | number> => ({
  'Content-Type': 'application/json; charset=utf-8',
  'Content-Length': Buffer.byteLength(body),
});

export function createProxyServer(options: ProxyServerOptions): ProxyServer {
  const { contract, upstream } = options;
  const clock = options.clock ?? Date.now;
  const iso = isoClock();
  const basePath = options.basePath ?? '';
  const inspection = options.inspection ?? 'loopback';
  const maxCharacters = contract.maxCharacters;
  const maxRequestBytes = options.maxRequestBytes ?? 1024 * 1024;
  const forwarder = createForwarder({ url: upstream, ca: options.upstreamCa, ...defaultUpstreamBounds, ...options.upstreamBounds });
  const answers = renderAnswers(contract.catalogue);
  const faults = createFaultRules(options.faults ?? [], seededRandom(options.seed));
  // The page shows the proxy as a tenant with no keys and no webhooks of its own: the calls are the upstream's.
  const shownUpstream = `${upstream.protocol}//${upstream.host}${upstream.pathname.replace(/\/+$/, '')}`;
  const tenant = createTenant({ name: `proxy to ${shownUpstream}`, apiKeys: [], webhooks: [], actions: [], limits: defaultLimits });
  const views = createInspectionViews(tenant, lookupAnswer(answers, 'executed'), contract.catalogue.path, faults);
  const journal = inspection === 'off' ? undefined : createCallJournal({}, (headers, hint) => redactHeaders(headers, hint), nodeRingBytes);
  const page = { asset: createPageAssets(), views, journal };
  const streams = createInspectionStreams(tenant, views, {}, journal, faults);
  /** Extensions the upstream executed (a 2xx): the caller check names another case of one of them. */
  const executed = new Set<string>();

  const send = (
    _req: IncomingMessage,
    res: ServerResponse,
    status: number,
    headers: Readonly<Record<string, string | number>>,
    body: string | Buffer,
    close: boolean,
  ): void => {
    res.writeHead(status, close ? { ...headers, Connection: 'close' } : headers);
    res.end(body);
  };
  const faultEdge = createFaultEdge({ answers, hangMs: defaultUpstreamBounds.timeoutMs, send });

  const handle = (req: IncomingMessage, res: ServerResponse, entry: Entry): void => {
    const url = req.url ?? '/';
    // A proxy for one upstream: an absolute-form target (another host) is refused (CONNECT: see 'connect').
    if (!url.startsWith('/')) {
      entry.answer = 'refused:other-host';
      const body = JSON.stringify({
        error: 'this proxy forwards to one upstream only',
        upstream: shownUpstream,
        fix: 'send origin-form requests (a path), not a full URL',
      });
      send(req, res, 403, jsonHeaders(body), body, true);
      return;
    }
    const target = underBasePath(parseRequestTarget(url), basePath);
    if (target.path.startsWith(inspectionPrefix)) return inspectRoute(req, res, target, entry);
    if (target.path === '') {
      entry.answer = 'not-found';
      const body = JSON.stringify({ error: `not under the proxy's base path ${basePath}` });
      return send(req, res, 404, jsonHeaders(body), body, true);
    }
    entry.extension = target.extension;
    const auth = req.headers.authorization;
    entry.keyHint = hintOf(auth);
    readBody(req, maxRequestBytes, maxCharacters, (read) => {
      if (read === 'too-large') {
        entry.answer = 'refused:too-large';
        const body = JSON.stringify({ error: `the proxy forwards request bodies up to ${maxRequestBytes} bytes` });
        return send(req, res, 413, jsonHeaders(body), body, true);
      }
      if (read === 'aborted') return;
      const findings = checkCaller(
        {
          method: req.method ?? '',
          authorization: auth,
          contentType: req.headers['content-type'],
          extension: target.extension,
          body: read.counted,
        },
        executed,
        maxCharacters,
      );
      entry.findings = findings;
      if (options.strictCaller && findings.length > 0) {
        entry.answer = 'refused:caller';
        const body = JSON.stringify({ error: 'the request breaks the contract (--strict-caller): not forwarded', findings });
        return send(req, res, 400, jsonHeaders(body), body, false);
      }
      const decision =
        faults.size === 0 ? undefined : faults.decide({ method: req.method ?? '', extension: target.extension, key: undefined }, clock());
      if (decision) entry.faultRule = decision.rule;
      if (decision && !runsPipeline(decision)) {
        entry.answer = `fault:${decision.rule}`;
        if (decision.effect === 'drop') entry.drop = decision.drop;
        return faultEdge.instead(req, res, decision);
      }
      const go = (): void => {
        void forwarder
          .forward({
            method: req.method ?? 'GET',
            target: target.path + (target.query ? `?${target.query}` : ''),
            headers: pairs(req.rawHeaders),
            body: read.bytes,
          })
          .then((result) => answer(req, res, entry, result, decision, read))
          .catch((error: unknown) => internalError(res, entry, error));
      };
      if (decision?.effect === 'latency') later(req, decision.ms, go);
      else go();
    });
  };

  const answer = (
    req: IncomingMessage,
    res: ServerResponse,
    entry: Entry,
    result: ForwardResult,
    decision: FaultDecision | undefined,
    read: Body,
  ): void => {
    const verdict: TenantVerdict = judgeTenant(
      contract,
      result.ok ? { status: result.status, headers: lowerHeaders(result.headers), body: result.body } : { failure: result.reason },
    );
    entry.answer = verdictLabel(verdict);
    if (!result.ok) {
      const body = JSON.stringify({ error: result.status === 504 ? 'gateway timeout' : 'bad gateway', reason: result.reason });
      return send(req, res, result.status, jsonHeaders(body), body, false);
    }
    if (result.status >= 200 && result.status < 300 && entry.extension !== undefined && executed.size < maxExecutedKept)
      executed.add(entry.extension);
    const auth = req.headers.authorization;
    const redact = createRedactor(keyOf(auth) === undefined ? [] : [{ value: keyOf(auth) as string, placeholder: '$ISM_API_KEY' }]);
    options.recorder?.record({
      match: {
        method: req.method ?? '',
        path: underBasePath(parseRequestTarget(req.url ?? '/'), basePath).path,
        extension: entry.extension ?? '',
        key: keyStanding(auth, result.status !== 401),
        contentType: mediaTypeOf(req.headers['content-type']),
        size: sizeClass(read.counted),
      },
      recordedAt: iso(clock()),
      ...(serverOf(result.headers) !== undefined ? { server: serverOf(result.headers) } : {}),
      verdict: verdictLabel(verdict),
      status: result.status,
      headers: result.headers.map(([name, value]) => [name, redact(value)] as const),
      body: redactedBody(result.body, redact),
    });
    // Recorded even when the caller has gone: the tenant answered.
    if (res.destroyed) return;
    const headers: [string, string][] = result.headers.filter(([name]) => name.toLowerCase() !== 'content-length').map(([n, v]) => [n, v]);
    if (decision && decision.effect !== 'latency') {
      entry.answer = `${entry.answer}+fault:${decision.rule}`;
      if (decision.effect === 'drop') entry.drop = decision.drop;
      const upstreamAnswer: RenderedAnswer = {
        name: entry.answer,
        status: result.status,
        headers: Object.fromEntries(headers),
        body: result.body.toString('utf8'),
      };
      return faultEdge.after(req, res, decision, upstreamAnswer, false);
    }
    // The upstream's headers as it sent them (names' case kept), the body's bytes as they came.
    res.writeHead(result.status, [...headers.flat(), 'Content-Length', String(result.body.length)]);
    res.end(result.body);
  };

  const inspectRoute = (req: IncomingMessage, res: ServerResponse, target: { path: string; query: string }, entry: Entry): void => {
    entry.answer = 'inspection';
    const route = target.path.slice(inspectionPrefix.length);
    if (isFaultsRoute(route)) {
      faultsRoute(req, route, inspection, faults, new Set(answers.keys()), (answer, unread) =>
        send(req, res, answer.status, answer.status === 204 ? {} : jsonHeaders(answer.body), answer.body, unread),
      );
      return;
    }
    const answer = inspect(
      { method: req.method ?? 'GET', route, query: target.query, remoteAddress: req.socket.remoteAddress },
      tenant,
      inspection,
      page,
    );
    if ('stream' in answer) {
      streams.open(res);
      return;
    }
    const headers = answer.headers ?? (answer.status === 204 ? {} : jsonHeaders(String(answer.body)));
    send(req, res, answer.status, headers, answer.body, false);
  };

  /** A programming error (or an upstream header Node will not send): 500, and a warning; the proxy keeps serving. */
  const internalError = (res: ServerResponse, entry: Entry, error: unknown): void => {
    entry.answer = `${entry.answer || 'proxy'}+fault`;
    const body = JSON.stringify({ error: 'internal error of the proxy' });
    if (res.headersSent) res.destroy();
    else send(res.req, res, 500, jsonHeaders(body), body, true);
    process.emitWarning(`ism-webhooks proxy: ${error instanceof Error ? error.message : String(error)}`);
  };

  const logLine = (entry: Entry, status: number): void => {
    const durationMs = Math.round((performance.now() - entry.started) * 100) / 100;
    const findings = entry.findings.map((finding) => finding.kind);
    const answer = findings.length > 0 ? `${entry.answer} caller:${findings.join(',')}` : entry.answer;
    const at = clock();
    options.log?.({
      time: iso(at),
      method: entry.method,
      path: entry.path,
      extension: entry.extension,
      status,
      answer,
      durationMs,
      key: entry.keyHint,
      faultRule: entry.faultRule,
    });
    if (journal && entry.answer !== 'inspection')
      journal.add({
        at,
        method: entry.method,
        path: entry.path,
        extension: entry.extension,
        status,
        answer,
        durationMs,
        keyHint: entry.keyHint,
        faultRule: entry.faultRule,
        executionId: undefined,
        headers: entry.headers,
      });
  };

  const server = http.createServer((req, res) => {
    const entry = new Entry(performance.now(), req.method ?? '', (req.url ?? '').split('?', 1)[0] ?? '', shownHeaders(req.rawHeaders));
    res.on('close', () => {
      if (res.writableFinished) return logLine(entry, res.statusCode);
      if (entry.drop !== undefined) entry.answer = `${entry.answer} drop:${entry.drop}`;
      else if (entry.answer !== 'inspection') entry.answer = `${entry.answer || 'cut'}`;
      logLine(entry, res.headersSent ? res.statusCode : 0);
    });
    try {
      handle(req, res, entry);
    } catch (error) {
      internalError(res, entry, error);
    }
  });
  // CONNECT asks for a tunnel to any host: a proxy for one upstream refuses it.
  server.on('connect', (_req: IncomingMessage, socket: Socket) => {
    const body = 'this proxy forwards to one upstream only; CONNECT is refused';
    socket.end(
      `HTTP/1.1 405 Method Not Allowed\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
    );
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 60_000;
  // As `serve`: connections past this are closed as they come, so memory stays bounded (each holds at most 2 MiB of bodies).
  server.maxConnections = defaultMaxConnections;

  return {
    server,
    faults,
    listen(port = 0, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const address = server.address() as AddressInfo;
          const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
          resolve(`http://${shown}:${address.port}${basePath}`);
        });
      });
    },
    close() {
      return new Promise((resolve) => {
        streams.closeAll();
        forwarder.close();
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 2000).unref();
      });
    },
  };
}

/** What the log and the journal keep of one request, filled in as the proxy decides. */
class Entry {
  extension: string | undefined = undefined;
  answer = '';
  keyHint: string | undefined = undefined;
  faultRule: string | undefined = undefined;
  drop: string | undefined = undefined;
  findings: readonly CallerFinding[] = [];
  constructor(
    readonly started: number,
    readonly method: string,
    readonly path: string,
    readonly headers: string,
  ) {}
}

interface Body {
  /** Every byte, to forward. */
  readonly bytes: Buffer;
  /** The body as the tenant counts it (BodyCollector): over the limit, or its text. */
  readonly counted: import('../tenant/body-limit').BodyRead;
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

/** Runs `then` after `ms`, unless the connection goes first. */
function later(req: IncomingMessage, ms: number, then: () => void): void {
  const socket = req.socket;
  const timer = setTimeout(() => {
    socket.off('close', cancel);
    then();
  }, ms);
  const cancel = (): void => clearTimeout(timer);
  socket.once('close', cancel);
}

function pairs(raw: readonly string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i] as string, raw[i + 1] as string]);
  return out;
}

/** The request headers for the journal: a Cookie's value never kept (the journal shows Authorization as the key's hint). */
function shownHeaders(raw: readonly string[]): string {
  return packHeaders(raw.map((value, i) => (i % 2 === 1 && (raw[i - 1] as string).toLowerCase() === 'cookie' ? '[redacted]' : value)));
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

function hintOf(authorization: string | undefined): string | undefined {
  const key = keyOf(authorization);
  return key === undefined ? undefined : keyHint(key);
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
