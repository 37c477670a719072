import { redactHeaders } from '../redact';
import http, { type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { loadContract } from '../contract';
import { isoClock } from '../tenant/iso-clock';
import { createTenant, defaultTenantDeps, type Tenant } from '../tenant/tenant';
import { createFaultRules, isFaultsRoute, runsPipeline, seededRandom, type FaultRuleConfig, type FaultRules } from '../faults';
import { createPageAssets } from '../inspection-page/page-assets';
import { lookupAnswer, plainAnswers, renderAnswers, type RenderedAnswer } from './answers';
import { createCallJournal, type CallInput } from './call-journal';
import { connectionOf, trackConnection } from './connections';
import { applyCors, preflightHeaders } from './cors';
import { createFaultEdge } from './fault-effects';
import { faultsRoute } from './faults-route';
import { inspect, inspectionPrefix, type InspectionPage } from './inspection';
import { createInspectionStreams } from './inspection-stream';
import { createInspectionViews } from './inspection-views';
import type { DropKind } from '../faults';
import { defaultMaxConnections, defaultTimeouts, type TenantServerOptions } from './options';
import { parseBasePath } from './request-target';
import { nodeRingBytes } from './node-bytes';
import { nodeRequestReader, packedHeaders } from './node-request-reader';
import { runPipeline } from './pipeline';
import { preference } from './prefer';
import { parseRequestTarget, underBasePath } from './request-target';
import { resolveTenantConfig, TenantFileError } from './resolve-tenant';
import { mustCloseUnread } from './unread-body';
import { answerFromReplay } from '../proxy/serve-replay';

export interface TenantServer {
  readonly server: Server;
  readonly tenant: Tenant;
  /** The active fault rules (src/faults): the tenant file's `faults:`, then `/_mock/faults`. */
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

export { TenantFileError } from './resolve-tenant';

/**
 * What the access log and the call journal need of a request, filled in as the edge decides (one
 * object per request, of one shape).
 */
class LogEntry implements CallInput {
  extension: string | undefined = undefined;
  answer = '';
  keyHint: string | undefined = undefined;
  executionId: number | undefined = undefined;
  /** The fault rule that hit the call, and the drop it applies, if any. */
  faultRule: string | undefined = undefined;
  drop: DropKind | undefined = undefined;
  /** Set when the call is done. */
  at = 0;
  status = 0;
  durationMs = 0;
  constructor(
    readonly started: number,
    readonly method: string,
    readonly path: string,
    /** The request headers, packed (`packHeaders`); '' for a refusal on the socket. */
    readonly headers: string,
  ) {}
}

/** Where a response's entry is kept, for the one `close` listener all responses share. */
const entryOf = Symbol('ism-webhooks log entry');
type LoggedResponse = ServerResponse & { [entryOf]?: LogEntry };

/**
 * The reference tenant: an in-memory ISM tenant that answers Webhooks Execute as the contract
 * says. Configuration is resolved here, once; collaborators (clock, record IDs, log) are injected.
 * This file is the node:http edge: sockets, connections, sending; the decisions are the
 * pipeline's and the inspection's, returned as values.
 */
export function createTenantServer(options: TenantServerOptions = {}): TenantServer {
  const contract = options.contract ?? loadContract();
  const config = resolveTenantConfig(options);
  const clock = options.clock ?? defaultTenantDeps.clock;
  const tenant = createTenant(config, { clock, newRecordId: options.newRecordId, ringBytes: nodeRingBytes });
  const answers = renderAnswers(contract.catalogue);
  const executePath = contract.catalogue.path;
  const maxCharacters = contract.maxCharacters;
  const log = options.log;
  const prefer = options.prefer ?? false;
  const base = parseBasePath(options.basePath ?? '');
  // A misconfigured start is a throw (a programming or configuration error), never a quiet default.
  if (!base.ok) throw new Error(base.message);
  const basePath = base.value;
  const cors = options.cors ?? false;
  const inspection = options.inspection ?? 'loopback';
  const timeouts = { ...defaultTimeouts, ...options.timeouts };
  const answerNames = new Set(answers.keys());
  const faults = createFaultRules(checkFaultAnswers(config.faults ?? [], answerNames, options.tenantFile), seededRandom(options.seed));
  let stopping = false;
  const views = createInspectionViews(tenant, lookupAnswer(answers, 'executed'), executePath, faults);

  // Every answer, for the inspection page; none when nobody may inspect.
  const journal =
    inspection === 'off'
      ? undefined
      : createCallJournal(options.callJournal, (headers, hint) => redactHeaders(headers, hint, views.redact), nodeRingBytes);
  const record = log !== undefined || journal !== undefined;
  const page: InspectionPage = { asset: createPageAssets(), views, journal };
  const streams = createInspectionStreams(tenant, views, options.inspectionStream, journal, faults);

  /**
   * The one place a call is recorded: when its answer has been sent, or when its connection let
   * go of it first (a fault rule's drop, a client that left): then the answer is `drop:KIND` or
   * `cut`, and the status is the one sent, or 0 when no status line went out. It writes the
   * access-log line and the call journal's entry (`GET /_mock/calls`), from the same values.
   */
  const iso = isoClock();
  const logLine = (entry: LogEntry, status: number): void => {
    const at = clock();
    entry.at = at;
    entry.status = status;
    entry.durationMs = Math.round((performance.now() - entry.started) * 100) / 100;
    const { method, path, extension, answer, keyHint, faultRule, durationMs } = entry;
    log?.({ time: iso(at), method, path, extension, status, answer, durationMs, key: keyHint, faultRule });
    // The journal keeps the time as a number and the headers as received, both shown when read.
    if (journal && answer !== 'inspection') journal.add(entry);
  };
  // One listener function for every response (Node emits 'close' on each, just after 'finish'
  // when the answer went out whole): no closure per call.
  const onResponseClose = function (this: LoggedResponse): void {
    const entry = this[entryOf] as LogEntry;
    if (this.writableFinished) return logLine(entry, this.statusCode);
    entry.answer = unfinishedAnswer(entry);
    logLine(entry, this.headersSent ? this.statusCode : 0);
  };

  /**
   * Sends an answer. The connection is closed after it when the request body was not read to
   * its end (an unread upload is never drained), when the server is stopping, or when the
   * connection must not carry another request; a request pipelined behind such an answer is
   * then never run.
   */
  const send = (
    req: IncomingMessage,
    res: ServerResponse,
    status: number,
    headers: Readonly<Record<string, string | number>>,
    body: string | Buffer,
    close: boolean,
  ): void => {
    const connection = connectionOf(req.socket);
    if (close || stopping || connection.closeAfter) {
      connection.closing = true;
      res.writeHead(status, { ...headers, Connection: 'close' });
    } else {
      res.writeHead(status, headers);
    }
    res.end(body);
  };
  const sendAnswer = (
    req: IncomingMessage,
    res: ServerResponse,
    answer: RenderedAnswer,
    close: boolean,
    extra?: Record<string, string>,
  ): void => send(req, res, answer.status, extra ? { ...answer.headers, ...extra } : answer.headers, answer.body, close);
  const faultEdge = createFaultEdge({ answers, hangMs: timeouts.request, send });
  const fault = (req: IncomingMessage, res: ServerResponse, entry: LogEntry | undefined, error: unknown): void => {
    if (entry) entry.answer = 'fault';
    if (res.headersSent) res.destroy();
    else send(req, res, 500, plainAnswers.fault.headers, plainAnswers.fault.body, true);
    process.emitWarning(`reference tenant: ${error instanceof Error ? error.message : String(error)}`);
  };

  const handle = (req: IncomingMessage, res: ServerResponse, entry: LogEntry | undefined): void => {
    const target = underBasePath(parseRequestTarget(req.url ?? '/'), basePath);
    if (target.path.startsWith(inspectionPrefix)) {
      if (entry) entry.answer = 'inspection';
      const route = target.path.slice(inspectionPrefix.length);
      if (isFaultsRoute(route)) {
        faultsRoute(req, route, inspection, faults, answerNames, (answer, unread) => {
          const headers: Record<string, string | number> =
            answer.status === 204
              ? {}
              : { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(answer.body) };
          send(req, res, answer.status, headers, answer.body, unread);
        });
        return;
      }
      const answer = inspect(
        { method: req.method ?? 'GET', route, query: target.query, remoteAddress: req.socket.remoteAddress },
        tenant,
        inspection,
        page,
      );
      if ('stream' in answer) {
        // A live feed: it ends on graceful stop (the streams are ended first) and never keeps the connection.
        if (stopping) send(req, res, 503, { 'Content-Type': 'text/plain; charset=utf-8', 'Retry-After': 1 }, 'Service Unavailable', true);
        else {
          connectionOf(req.socket).closing = true;
          streams.open(res);
        }
        return;
      }
      // The inspection API reads no body: an upload is bounded as on the webhook path.
      const headers: Record<string, string | number> =
        answer.headers ??
        (answer.status === 204
          ? {}
          : { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(answer.body) });
      send(req, res, answer.status, headers, answer.body, mustCloseUnread(req));
      return;
    }
    if (entry) entry.extension = target.extension;
    if (cors && applyCors(req, res) === 'preflight') {
      if (entry) entry.answer = 'cors-preflight';
      send(req, res, 204, preflightHeaders, '', mustCloseUnread(req));
      return;
    }
    if (
      options.replay &&
      answerFromReplay(options.replay, req, res, { ...target, keyAccepted: tenant.authorize(req.headers.authorization).ok, maxCharacters })
    ) {
      if (entry) entry.answer = 'replay';
      return;
    }
    if (target.path !== executePath) {
      if (entry) {
        entry.answer = 'not-found';
        entry.extension = undefined;
      }
      send(req, res, 404, plainAnswers.notFound.headers, plainAnswers.notFound.body, true);
      return;
    }
    if (prefer) {
      const header = req.headers.prefer;
      const preferred = preference(Array.isArray(header) ? header.join(',') : header, answers);
      if (preferred.kind === 'answer') {
        const answer = preferred.answer;
        if (entry) entry.answer = `preferred:${answer.name}`;
        sendAnswer(req, res, answer, mustCloseUnread(req), { 'Preference-Applied': `code=${answer.status}, example=${answer.name}` });
        return;
      }
      if (preferred.kind === 'unknown') {
        if (entry) entry.answer = 'preferred:unknown';
        send(req, res, preferred.status, preferred.headers, preferred.body, mustCloseUnread(req));
        return;
      }
    }
    // Fault rules decide here (no rules: nothing is looked at); the edge applies the decision.
    const key = faults.size === 0 ? undefined : keyOf(tenant.authorize(req.headers.authorization));
    const decision = faults.size === 0 ? undefined : faults.decide({ method: req.method ?? '', extension: target.extension, key }, clock());
    if (decision) {
      if (entry) {
        entry.answer = `fault:${decision.rule}`;
        entry.keyHint = key?.hint;
        entry.faultRule = decision.rule;
        if (decision.effect === 'drop') entry.drop = decision.drop;
      }
      if (!runsPipeline(decision)) return faultEdge.instead(req, res, decision);
    }
    const ruled = decision
      ? { ...tenant, execute: (input: Parameters<Tenant['execute']>[0]) => tenant.execute({ ...input, faultRule: decision.rule }) }
      : tenant;
    runPipeline(nodeRequestReader, req, target, ruled, maxCharacters, clock(), (outcome) => {
      if ('notRun' in outcome) return;
      if ('tooFragmented' in outcome) {
        if (entry) entry.answer = 'too-fragmented';
        // Node would keep parsing (and holding) the rest: the connection is cut once the answer is out.
        res.once('finish', () => req.socket.destroy());
        send(req, res, 400, plainAnswers.tooFragmented.headers, plainAnswers.tooFragmented.body, true);
        return;
      }
      if ('fault' in outcome) return fault(req, res, entry, outcome.fault);
      try {
        const answer = lookupAnswer(answers, outcome.answer);
        if (entry) {
          entry.answer = decision ? `${answer.name}+fault:${decision.rule}` : answer.name;
          entry.keyHint = outcome.key;
          entry.executionId = outcome.executionId;
        }
        if (decision) faultEdge.after(req, res, decision, answer, outcome.bodyUnread);
        else sendAnswer(req, res, answer, outcome.bodyUnread);
      } catch (error) {
        fault(req, res, entry, error);
      }
    });
  };

  const server = http.createServer(
    // How often Node looks for connections past the header and request timeouts (slow loris).
    { connectionsCheckingInterval: Math.max(50, Math.min(1000, timeouts.headers / 2)) },
    (req, res) => {
      const connection = connectionOf(req.socket);
      // Pipelined behind an answer that closes the connection: that answer is the last one.
      if (connection.closing) return;
      connection.last = res;
      const entry = record ? new LogEntry(performance.now(), req.method ?? '', pathOf(req.url), packedHeaders(req)) : undefined;
      if (entry) {
        (res as LoggedResponse)[entryOf] = entry;
        res.on('close', onResponseClose);
      }
      try {
        handle(req, res, entry);
      } catch (error) {
        fault(req, res, entry, error);
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
      const entry = new LogEntry(performance.now(), '', '', '');
      entry.answer = 'refused';
      logLine(entry, Number(status.slice(0, 3)));
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

/**
 * What a call whose answer did not finish got: the rule's drop; or the inspection feed a page
 * closed, or the server's own cut after a fault, as they were; else `cut` (the client left
 * before the answer was complete, or the server stopped).
 */
function unfinishedAnswer(entry: LogEntry): string {
  if (entry.drop !== undefined) return `drop:${entry.drop}`;
  return entry.answer === 'inspection' || entry.answer === 'fault' ? entry.answer : 'cut';
}

function pathOf(url: string | undefined): string {
  if (url === undefined) return '';
  const mark = url.indexOf('?');
  return mark === -1 ? url : url.slice(0, mark);
}

function keyOf(auth: ReturnType<Tenant['authorize']>): { name: string; hint: string } | undefined {
  return auth.ok ? auth.key : undefined;
}

/** A fault rule's `answer: { name }` must be a named answer of the spec: checked once, at start. */
function checkFaultAnswers(
  rules: readonly FaultRuleConfig[],
  names: ReadonlySet<string>,
  file: string | undefined,
): readonly FaultRuleConfig[] {
  const problems = rules.flatMap((rule, index) => {
    const name = rule.answer && 'name' in rule.answer ? rule.answer.name : undefined;
    if (name === undefined || names.has(name)) return [];
    return [
      {
        file: file ?? 'the tenant',
        where: `faults[${index}].answer.name`,
        message: `'${name}' is not a named answer of the spec`,
        fix: `use one of: ${[...names].sort().join(', ')}`,
      },
    ];
  });
  if (problems.length > 0) throw new TenantFileError(problems);
  return rules;
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
