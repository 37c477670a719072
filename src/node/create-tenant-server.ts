import http, { type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { loadContract } from '../contract';
import { CallRecord } from '../core/call-journal';
import { originForm, parseBasePath } from '../core/request-target';
import { createTenantCore, type CoreAnswer } from '../core/tenant-core';
import { faultsAnswer, maxRuleBytes, type FaultRules } from '../faults';
import { createPageAssets } from '../inspection-page/page-assets';
import { createInspectionStreams, eventStreamHeaders } from './inspection-stream';
import { warnOfError } from '../error-warning';
import type { Tenant } from '../tenant/tenant';
import { isoClock } from '../tenant/iso-clock';
import { connectionOf, trackConnection } from './connections';
import { dropOnSocket, later } from './fault-effects';
import { nodeRequestReader, packedHeaders } from './node-request-reader';
import { defaultMaxConnections, defaultTimeouts, type TenantServerOptions } from './options';
import { resolveFaultRules, resolveTenantConfig } from '../tenant/resolve-tenant';
import { drainThenEnd } from './unread-body';

export interface TenantServer {
  readonly server: Server;
  readonly tenant: Tenant;
  /** The active fault rules (src/faults): the tenant file's `faults:`, the options', then `/_mock/faults`. */
  readonly faults: FaultRules;
  /** Starts listening (port 0: a free port) and resolves to the base URL, e.g. `http://127.0.0.1:4010` (or `.../HEAT` with a base path). */
  listen(port?: number, host?: string): Promise<string>;
  /**
   * Graceful stop: stops accepting, closes idle connections at once, lets answers in flight
   * finish (with `Connection: close`), and cuts every connection left after the grace period.
   * Resolves when the last connection is gone.
   */
  close(): Promise<void>;
  /** Cuts every connection now (a second stop signal). */
  closeNow(): void;
  /** Ends the inspection page's event streams (close and closeNow do it too). */
  closeInspectionStreams(): void;
}

export { TenantFileError } from '../tenant/resolve-tenant';

/** Where a response's call record is kept, for the one `close` listener all responses share. */
const callOf = Symbol('ism-webhooks call');
type RecordedResponse = ServerResponse & { [callOf]?: CallRecord };

/**
 * The reference tenant over node:http. The decisions are the core's (src/core/tenant-core.ts);
 * this edge only does socket work: it reads requests, sends the answers, applies their effects
 * (delays, drops, cuts, the live feed), bounds connections and time, and stops gracefully.
 * Configuration is resolved here, once; collaborators (clock, record IDs, log) are injected.
 */
export function createTenantServer(options: TenantServerOptions = {}): TenantServer {
  const contract = options.contract ?? loadContract();
  const config = resolveTenantConfig(options);
  const base = parseBasePath(options.basePath ?? '');
  // A misconfigured start is a throw (a programming or configuration error), never a quiet default.
  if (!base.ok) throw new Error(base.message);
  const basePath = base.value;
  const clock = options.clock ?? Date.now;
  const timeouts = { ...defaultTimeouts, ...options.timeouts };
  const core = createTenantCore({
    contract,
    tenant: config,
    faults: resolveFaultRules(config, options.faults, contract.catalogue, options.tenantFile),
    clock,
    newRecordId: options.newRecordId,
    prefer: options.prefer,
    basePath,
    cors: options.cors,
    inspection: options.inspection,
    allowedHosts: options.allowedHosts,
    callJournal: options.callJournal,
    seed: options.seed,
    asset: createPageAssets(),
    faultsApi: { maxBytes: maxRuleBytes, answer: faultsAnswer },
    onError: warnOfError,
    replay: options.replay,
  });
  const forward = options.forward;
  const { tenant, faults, views, journal } = core;
  const log = options.log;
  const record = log !== undefined || journal !== undefined;
  const streams = createInspectionStreams(tenant, views, options.inspectionStream, journal, faults);
  let stopping = false;

  /**
   * The one place a call is recorded: when its answer has been sent, or when its connection let
   * go of it first (a fault rule's drop, a client that left): then the answer is `drop:KIND` or
   * `cut`, and the status is the one sent, or 0 when no status line went out. It writes the
   * access-log line and the call journal's entry (`GET /_mock/calls`), from the same record.
   */
  const iso = isoClock();
  const logCall = (call: CallRecord, status: number): void => {
    call.finish(clock(), status);
    const { method, path, extension, answer, keyHint, faultRule, durationMs } = call;
    log?.({ time: iso(call.at), method, path, extension, status, answer, durationMs, key: keyHint, faultRule });
    if (journal && answer !== 'inspection') journal.add(call);
  };
  // One listener function for every response (Node emits 'close' on each, just after 'finish'
  // when the answer went out whole): no closure per call.
  const onResponseClose = function (this: RecordedResponse): void {
    const call = this[callOf] as CallRecord;
    if (this.writableFinished) return logCall(call, this.statusCode);
    call.answer = unfinishedAnswer(call);
    logCall(call, this.headersSent ? this.statusCode : 0);
  };

  /**
   * Sends an answer. The connection is closed after it when the request body was not read to
   * its end, when the server is stopping, or when the connection must not carry another
   * request; a request pipelined behind such an answer is then never run. An unread body is
   * read and dropped first, within bounds, so that a client still sending it reads the answer.
   */
  const send = (req: IncomingMessage, res: ServerResponse, answer: CoreAnswer): void => {
    const connection = connectionOf(req.socket);
    const close = answer.close || stopping || connection.closeAfter;
    if (close) connection.closing = true;
    const headers = close ? { ...answer.headers, Connection: 'close' } : answer.headers;
    const effect = answer.effect;
    if (effect?.kind === 'drop') return dropOnSocket(req, res, effect.drop, { ...answer, headers }, timeouts.request);
    if (effect?.kind === 'cut') {
      // Node would keep parsing (and holding) the rest: the connection is cut once the answer is out.
      res.once('finish', () => req.socket.destroy());
    }
    res.writeHead(answer.status, headers);
    if (close && !req.complete && effect?.kind !== 'cut') return drainThenEnd(req, res, answer.body);
    res.end(answer.body);
  };

  const failed = (req: IncomingMessage, res: ServerResponse, call: CallRecord | undefined, error: unknown): void => {
    if (call) call.answer = 'error';
    warnOfError(error);
    if (res.headersSent) res.destroy();
    else send(req, res, core.error);
  };

  const answered = (req: IncomingMessage, res: ServerResponse, answer: CoreAnswer | undefined): void => {
    if (answer === undefined) return;
    const effect = answer.effect;
    if (effect?.kind === 'events') {
      // A live feed: it ends on graceful stop (the streams are ended first) and never keeps the connection.
      if (stopping) send(req, res, serviceUnavailable);
      else if (req.method === 'HEAD') send(req, res, { status: 200, headers: eventStreamHeaders, body: '', close: true });
      else {
        connectionOf(req.socket).closing = true;
        streams.open(res);
      }
      return;
    }
    if (effect?.kind === 'delay') return later(req, effect.ms, () => send(req, res, answer));
    // A rule's latency, then its drop.
    if (effect?.kind === 'drop' && effect.delayMs !== undefined) return later(req, effect.delayMs, () => send(req, res, answer));
    send(req, res, answer);
  };

  const server = http.createServer(
    // How often Node looks for connections past the header and request timeouts (slow loris).
    { connectionsCheckingInterval: Math.max(50, Math.min(1000, timeouts.headers / 2)) },
    (req, res) => {
      const connection = connectionOf(req.socket);
      // Pipelined behind an answer that closes the connection: that answer is the last one.
      if (connection.closing) return;
      connection.last = res;
      const call = record
        ? new CallRecord(performance.now(), req.method ?? '', pathOf(originForm(req.url ?? '')), packedHeaders(req))
        : undefined;
      if (call) {
        (res as RecordedResponse)[callOf] = call;
        res.on('close', onResponseClose);
      }
      try {
        core.answer(
          nodeRequestReader,
          req,
          call,
          (answer) => {
            try {
              answered(req, res, answer);
            } catch (error) {
              failed(req, res, call, error);
            }
          },
          forward && ((target, decision, done) => forward(req, call, target, decision, done)),
        );
      } catch (error) {
        failed(req, res, call, error);
      }
    },
  );
  server.headersTimeout = timeouts.headers;
  server.requestTimeout = timeouts.request;
  server.keepAliveTimeout = timeouts.keepAlive;
  server.maxConnections = options.maxConnections ?? defaultMaxConnections;
  server.on('connection', (socket: Socket) => trackConnection(socket, timeouts.idle));
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    const connection = connectionOf(socket as Socket);
    // A complete request is waiting for its answer (bytes that do not parse came after it in
    // the same write): it is answered, and closes the connection; no bare status line may come
    // first, or the client would read it as the answer to its request.
    const owed = connection.last;
    if (owed !== undefined && !owed.writableEnded && owed.req.complete && socket.writable) {
      connection.closeAfter = true;
      return;
    }
    const status = refusal(error);
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    if (record) {
      const call = new CallRecord(performance.now(), '', '', '');
      call.answer = 'refused';
      logCall(call, Number(status.slice(0, 3)));
    }
  });

  let closed: Promise<void> | undefined;
  return {
    server,
    tenant,
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
    closeInspectionStreams: () => streams.closeAll(),
    close() {
      closed ??= new Promise((resolve) => {
        stopping = true;
        if (!server.listening) {
          resolve();
          return;
        }
        const force = setTimeout(() => server.closeAllConnections(), timeouts.grace);
        force.unref();
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        // Open inspection pages hold their event streams open: end them, or close would wait.
        streams.closeAll();
        server.closeIdleConnections();
      });
      return closed;
    },
    closeNow() {
      stopping = true;
      streams.closeAll();
      server.closeAllConnections();
    },
  };
}

const serviceUnavailable: CoreAnswer = {
  status: 503,
  headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Retry-After': 1 },
  body: 'Service Unavailable',
  close: true,
};

/**
 * What a call whose answer did not finish got: the rule's drop; or the inspection feed a page
 * closed, or the server's own cut after an error, as they were; else `cut` (the client left
 * before the answer was complete, or the server stopped).
 */
function unfinishedAnswer(call: CallRecord): string {
  if (call.drop !== undefined) return `drop:${call.drop}`;
  return call.answer === 'inspection' || call.answer === 'error' ? call.answer : 'cut';
}

function pathOf(url: string): string {
  const mark = url.indexOf('?');
  return mark === -1 ? url : url.slice(0, mark);
}

/**
 * A request Node could not parse, or one too slow or too large, is refused with a bare status
 * line and the connection closed: 431 for oversized headers (RFC 6585), 408 for a request that
 * timed out, 400 for anything malformed.
 */
function refusal(error: NodeJS.ErrnoException): string {
  if (error.code === 'HPE_HEADER_OVERFLOW') return '431 Request Header Fields Too Large';
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') return '408 Request Timeout';
  return '400 Bad Request';
}
