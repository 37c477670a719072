import http, { type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { loadContract } from '../contract';
import { defaultTenantFile } from '../tenant/default-tenant';
import { createTenant, defaultTenantDeps, type Tenant } from '../tenant/tenant';
import { formatProblems, loadTenantFile, type TenantFileProblem } from '../tenant/tenant-file';
import { lookupAnswer, renderAnswers, type RenderedAnswer } from './answers';
import { connectionOf, trackConnection } from './connections';
import { applyCors, preflightHeaders } from './cors';
import { inspect, inspectionPrefix } from './inspection';
import { defaultMaxConnections, defaultTimeouts, parseBasePath, type AccessLogEvent, type TenantServerOptions } from './options';
import { runPipeline } from './pipeline';
import { preference } from './prefer';
import { parseRequestTarget, type RequestTarget } from './request-target';
import { mustCloseUnread } from './unread-body';

export interface TenantServer {
  readonly server: Server;
  readonly tenant: Tenant;
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
}

/** A tenant file that does not load: startup misconfiguration, reported with every problem. */
export class TenantFileError extends Error {
  constructor(readonly problems: readonly TenantFileProblem[]) {
    super(`the tenant file does not load:\n${formatProblems(problems)}`);
    this.name = 'TenantFileError';
  }
}

/** What the access log needs of a request, filled in as the edge decides. */
interface LogEntry {
  readonly started: number;
  readonly method: string;
  readonly path: string;
  extension: string | undefined;
  answer: string;
  key: string | undefined;
}

/**
 * The reference tenant: an in-memory ISM tenant that answers Webhooks Execute as the contract
 * says. Configuration is resolved here, once; collaborators (clock, record IDs, log) are injected.
 * This file is the node:http edge: sockets, connections, sending; the decisions are the
 * pipeline's and the inspection's, returned as values.
 */
export function createTenantServer(options: TenantServerOptions = {}): TenantServer {
  const contract = options.contract ?? loadContract();
  const config = options.tenant ?? loadConfig(options.tenantFile ?? defaultTenantFile());
  const clock = options.clock ?? defaultTenantDeps.clock;
  const tenant = createTenant(config, { clock, newRecordId: options.newRecordId });
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
  let stopping = false;

  /** The one place an access-log line is written: when an answer has been sent. */
  const logLine = (entry: LogEntry, status: number): void => {
    const event: AccessLogEvent = {
      time: new Date(clock()).toISOString(),
      method: entry.method,
      path: entry.path,
      extension: entry.extension,
      status,
      answer: entry.answer,
      durationMs: Math.round((performance.now() - entry.started) * 100) / 100,
      key: entry.key,
    };
    (log as NonNullable<typeof log>)(event);
  };

  /**
   * Sends an answer. The connection is closed after it when the request body was not read to
   * its end (an unread upload is never drained), when the server is stopping, or when the
   * connection must not carry another request; a request pipelined behind such an answer is
   * then never run.
   */
  const send = (req: IncomingMessage, res: ServerResponse, status: number, headers: Readonly<Record<string, string | number>>, body: string, close: boolean): void => {
    const connection = connectionOf(req.socket);
    if (close || stopping || connection.closeAfter) {
      connection.closing = true;
      res.writeHead(status, { ...headers, Connection: 'close' });
    } else {
      res.writeHead(status, headers);
    }
    res.end(body);
  };
  const sendAnswer = (req: IncomingMessage, res: ServerResponse, answer: RenderedAnswer, close: boolean, extra?: Record<string, string>): void =>
    send(req, res, answer.status, extra ? { ...answer.headers, ...extra } : answer.headers, answer.body, close);
  const fault = (req: IncomingMessage, res: ServerResponse, entry: LogEntry | undefined, error: unknown): void => {
    if (entry) entry.answer = 'fault';
    if (res.headersSent) res.destroy();
    else send(req, res, 500, { 'Content-Type': 'text/plain; charset=utf-8' }, 'Internal Server Error', true);
    process.emitWarning(`reference tenant: ${error instanceof Error ? error.message : String(error)}`);
  };

  const handle = (req: IncomingMessage, res: ServerResponse, entry: LogEntry | undefined): void => {
    const target = underBasePath(parseRequestTarget(req.url ?? '/'), basePath);
    if (target.path.startsWith(inspectionPrefix)) {
      if (entry) entry.answer = 'inspection';
      const route = target.path.slice(inspectionPrefix.length);
      const answer = inspect({ method: req.method ?? 'GET', route, query: target.query, remoteAddress: req.socket.remoteAddress }, tenant, inspection);
      // The inspection API reads no body: an upload is bounded as on the webhook path.
      const headers: Record<string, string | number> = answer.status === 204 ? {} : { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(answer.body) };
      send(req, res, answer.status, headers, answer.body, mustCloseUnread(req));
      return;
    }
    if (entry) entry.extension = target.extension;
    if (cors && applyCors(req, res) === 'preflight') {
      if (entry) entry.answer = 'cors-preflight';
      send(req, res, 204, preflightHeaders, '', mustCloseUnread(req));
      return;
    }
    if (target.path !== executePath) {
      if (entry) {
        entry.answer = 'not-found';
        entry.extension = undefined;
      }
      send(req, res, 404, { 'Content-Type': 'text/plain; charset=utf-8' }, 'Not Found', true);
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
    const canAnswer = (): boolean => !req.socket.destroyed && !connectionOf(req.socket).closing;
    runPipeline(req, target, tenant, maxCharacters, clock(), canAnswer, (outcome) => {
      if ('notRun' in outcome) return;
      if ('tooFragmented' in outcome) {
        if (entry) entry.answer = 'too-fragmented';
        // Node would keep parsing (and holding) the rest: the connection is cut once the answer is out.
        res.once('finish', () => req.socket.destroy());
        send(req, res, 400, { 'Content-Type': 'text/plain; charset=utf-8' }, 'Bad Request', true);
        return;
      }
      if ('fault' in outcome) return fault(req, res, entry, outcome.fault);
      try {
        const answer = lookupAnswer(answers, outcome.answer);
        if (entry) {
          entry.answer = answer.name;
          entry.key = outcome.key;
        }
        sendAnswer(req, res, answer, outcome.bodyUnread);
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
      const entry: LogEntry | undefined = log
        ? { started: performance.now(), method: req.method ?? '', path: pathOf(req.url), extension: undefined, answer: '', key: undefined }
        : undefined;
      if (entry) res.once('finish', () => logLine(entry, res.statusCode));
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
    if (log) logLine({ started: performance.now(), method: '', path: '', extension: undefined, answer: 'refused', key: undefined }, Number(status.slice(0, 3)));
  });

  let closed: Promise<void> | undefined;
  return {
    server,
    tenant,
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
        server.closeIdleConnections();
      });
      return closed;
    },
    closeNow() {
      stopping = true;
      server.closeAllConnections();
    },
  };
}

function pathOf(url: string | undefined): string {
  if (url === undefined) return '';
  const mark = url.indexOf('?');
  return mark === -1 ? url : url.slice(0, mark);
}

function loadConfig(file: string) {
  const result = loadTenantFile(file);
  if (!result.ok) throw new TenantFileError(result.problems);
  return result.config;
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

/**
 * On premises the REST API lives under a base path (`/HEAT`): the path is read below it, and a
 * path outside it is not found (as IIS answers for an application that is not there).
 */
function underBasePath(target: RequestTarget, basePath: string): RequestTarget {
  if (basePath === '') return target;
  if (target.path.startsWith(`${basePath}/`)) return { ...target, path: target.path.slice(basePath.length) };
  return { ...target, path: '' };
}
