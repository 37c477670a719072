import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { loadContract } from '../contract';
import { defaultTenantFile } from '../tenant/default-tenant';
import { createTenant, defaultTenantDeps, type Tenant } from '../tenant/tenant';
import { formatProblems, loadTenantFile, type TenantFileProblem } from '../tenant/tenant-file';
import { lookupAnswer, renderAnswers, send } from './answers';
import { applyCors } from './cors';
import { createPageAssets } from '../inspection-page/page-assets';
import { handleInspection, inspectionPrefix, type InspectionPage } from './inspection';
import { createInspectionStreams } from './inspection-stream';
import { createInspectionViews } from './inspection-views';
import { defaultTimeouts, type AccessLogEvent, type TenantServerOptions } from './options';
import { runPipeline } from './pipeline';
import { preferredAnswer } from './prefer';
import { parseRequestTarget } from './request-target';

export interface TenantServer {
  readonly server: http.Server;
  readonly tenant: Tenant;
  /** Starts listening (port 0: a free port) and resolves to the base URL, e.g. `http://127.0.0.1:4010`. */
  listen(port?: number, host?: string): Promise<string>;
  /** Stops accepting connections, closes idle ones, and waits for answers in flight. */
  close(): Promise<void>;
  /** Ends the inspection page's event streams (close does it too). */
  closeInspectionStreams(): void;
}

/** A tenant file that does not load: startup misconfiguration, reported with every problem. */
export class TenantFileError extends Error {
  constructor(readonly problems: readonly TenantFileProblem[]) {
    super(`the tenant file does not load:\n${formatProblems(problems)}`);
    this.name = 'TenantFileError';
  }
}

/**
 * The reference tenant: an in-memory ISM tenant that answers Webhooks Execute as the contract
 * says. Configuration is resolved here, once; collaborators (clock, record IDs, log) are injected.
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
  const cors = options.cors ?? false;
  const inspection = options.inspection ?? 'loopback';
  const timeouts = { ...defaultTimeouts, ...options.timeouts };
  const views = createInspectionViews(tenant, lookupAnswer(answers, 'executed'), executePath);
  const page: InspectionPage = { asset: createPageAssets(), views, streams: createInspectionStreams(tenant, views, options.inspectionStream) };

  const finish = (req: IncomingMessage, started: number, path: string, extension: string | undefined, status: number, answer: string, key?: string): void => {
    if (!log) return;
    const event: AccessLogEvent = {
      time: new Date(clock()).toISOString(),
      method: req.method ?? '',
      path,
      extension,
      status,
      answer,
      durationMs: Math.round((performance.now() - started) * 100) / 100,
      key,
    };
    log(event);
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const started = log ? performance.now() : 0;
    const target = parseRequestTarget(req.url ?? '/');

    if (target.path.startsWith(inspectionPrefix)) {
      handleInspection(req, res, target.path, target.query, tenant, inspection, page);
      finish(req, started, target.path, undefined, res.statusCode, 'inspection');
      return;
    }
    if (cors && applyCors(req, res) === 'preflight-answered') {
      finish(req, started, target.path, target.extension, 204, 'cors-preflight');
      return;
    }
    if (target.path !== executePath) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' }).end('Not Found');
      finish(req, started, target.path, undefined, 404, 'not-found');
      return;
    }
    if (prefer) {
      const header = req.headers.prefer;
      const preferred = preferredAnswer(Array.isArray(header) ? header.join(',') : header, answers);
      if (preferred) {
        send(res, preferred, { 'Preference-Applied': `code=${preferred.status}, example=${preferred.name}` }, !req.complete);
        finish(req, started, target.path, target.extension, preferred.status, `preferred:${preferred.name}`);
        return;
      }
    }
    runPipeline(req, target, tenant, maxCharacters, clock(), (outcome) => {
      if ('fault' in outcome) return fault(res, outcome.fault);
      try {
        const answer = lookupAnswer(answers, outcome.answer);
        send(res, answer, undefined, outcome.bodyUnread);
        finish(req, started, target.path, target.extension, answer.status, answer.name, outcome.key);
      } catch (error) {
        fault(res, error);
      }
    });
  };

  const server = http.createServer(
    // How often Node looks for connections past the header and request timeouts (slow loris).
    { connectionsCheckingInterval: Math.max(50, Math.min(1000, timeouts.headers / 2)) },
    (req, res) => {
      try {
        handle(req, res);
      } catch (error) {
        fault(res, error);
      }
    },
  );
  server.headersTimeout = timeouts.headers;
  server.requestTimeout = timeouts.request;
  server.keepAliveTimeout = timeouts.keepAlive;
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => refuse(error, socket));

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
          resolve(`http://${shown}:${address.port}`);
        });
      });
    },
    closeInspectionStreams: () => page.streams.closeAll(),
    close() {
      return new Promise((resolve) => {
        if (!server.listening) {
          resolve();
          return;
        }
        server.close(() => resolve());
        // Open inspection pages hold their event streams open: end them, or close would wait.
        page.streams.closeAll();
        server.closeIdleConnections();
      });
    },
  };
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
function refuse(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const status =
    error.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : '400 Bad Request';
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** A programming error: answer 500 rather than hang or crash, and keep serving. */
function fault(res: ServerResponse, error: unknown): void {
  if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' });
  res.end('Internal Server Error');
  process.emitWarning(`reference tenant: ${error instanceof Error ? error.message : String(error)}`);
}
