import type { ServerResponse } from 'node:http';
import type { FaultRules } from '../faults';
import type { Tenant } from '../tenant/tenant';
import type { CallEvent, CallJournal } from '../core/call-journal';
import type { TenantEvent } from '../tenant/tenant-events';
import type { InspectionViews } from '../core/inspection-views';

/**
 * `GET /_mock/events`: the inspection page's live feed, as server-sent events (WHATWG HTML
 * "Server-sent events"). On connect a `snapshot` (tenant, executions newest first, records); then
 * `executions` with the rows added since the last one, at most every `flushMs` (a busy tenant
 * costs one flag per request, not one message), and `executions-cleared` / `records-cleared`;
 * the same for the call journal (every answer): `calls` batched likewise, and `calls-cleared`;
 * and `faults`, the active fault rules whole (at most `maxRowsPerMessage`, with their `total`),
 * after rules were added, hit, retired or deleted, batched likewise.
 *
 * A page that does not read is dropped once `maxBufferedBytes` wait for it, or once
 * `missedHeartbeats` heartbeats in a row find its data still unsent (its EventSource reconnects
 * and gets a fresh snapshot), so a stuck tab cannot grow the server's memory; at most
 * `maxStreams` are open at once, so pages cannot take the connections Execute needs.
 */
/** The head of `GET /_mock/events` (and all a `HEAD` gets). */
export const eventStreamHeaders: Readonly<Record<string, string>> = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
};

export interface InspectionStreams {
  /** Answers the request with the event stream. */
  open(res: ServerResponse): void;
  /** Ends every stream, so that closing the server does not wait for open pages. */
  closeAll(): void;
  /** Open streams. */
  readonly size: number;
}

export interface InspectionStreamOptions {
  readonly flushMs: number;
  readonly maxBufferedBytes: number;
  /** Rows per `executions` message; older ones in the same interval are counted as `skipped`. */
  readonly maxRowsPerMessage: number;
  readonly heartbeatMs: number;
  /** Streams open at once; one more is answered 503 (well below `maxConnections`, so Execute is never starved). */
  readonly maxStreams: number;
  /** Heartbeats in a row that find the stream's last data still unsent before it is closed (a reader that stopped reading). */
  readonly missedHeartbeats: number;
}

export const defaultStreamOptions: InspectionStreamOptions = {
  flushMs: 100,
  maxBufferedBytes: 4 * 1024 * 1024,
  maxRowsPerMessage: 200,
  heartbeatMs: 15_000,
  maxStreams: 20,
  missedHeartbeats: 3,
};

export function createInspectionStreams(
  tenant: Tenant,
  views: InspectionViews,
  options: Partial<InspectionStreamOptions> = {},
  journal?: CallJournal,
  faults?: FaultRules,
): InspectionStreams {
  const { flushMs, maxBufferedBytes, maxRowsPerMessage, heartbeatMs, maxStreams, missedHeartbeats } = {
    ...defaultStreamOptions,
    ...options,
  };
  /** Each open stream, with the heartbeats in a row that found data of it still unsent. */
  const clients = new Map<ServerResponse, number>();
  let unsubscribe: (() => void) | undefined;
  let unsubscribeCalls: (() => void) | undefined;
  let unsubscribeFaults: (() => void) | undefined;
  let faultsChanged = false;
  let flushTimer: NodeJS.Timeout | undefined;
  let heartbeat: NodeJS.Timeout | undefined;
  let sentId = 0;
  let newestId = 0;
  let sentCallId = 0;
  let newestCallId = 0;

  const drop = (res: ServerResponse): void => {
    clients.delete(res);
    res.destroy();
    if (clients.size === 0) stop();
  };
  const send = (res: ServerResponse, chunk: string): void => {
    if (res.writableLength > maxBufferedBytes) return drop(res);
    res.write(chunk);
  };
  const broadcast = (chunk: string): void => {
    for (const res of clients.keys()) send(res, chunk);
  };
  // A reader that stopped reading leaves data unsent in its buffer: after a few heartbeats that see it so, it goes.
  const beat = (): void => {
    for (const [res, missed] of clients) {
      const behind = res.writableLength > 0 ? missed + 1 : 0;
      if (behind >= missedHeartbeats) {
        drop(res);
        continue;
      }
      clients.set(res, behind);
      send(res, ': keep-alive\n\n');
    }
  };

  const flush = (): void => {
    flushTimer = undefined;
    const rows = tenant.executionsAfter(sentId, maxRowsPerMessage).map(views.row);
    const skipped = Math.max(0, newestId - sentId - rows.length);
    sentId = newestId;
    if (rows.length > 0 || skipped > 0) broadcast(message('executions', { executions: rows, skipped }));
    if (faults && faultsChanged) {
      faultsChanged = false;
      broadcast(message('faults', { faultRules: views.faultRules(maxRowsPerMessage), total: faults.size }));
    }
    if (!journal) return;
    const calls = journal.after(sentCallId, maxRowsPerMessage);
    const skippedCalls = Math.max(0, newestCallId - sentCallId - calls.length);
    sentCallId = newestCallId;
    if (calls.length > 0 || skippedCalls > 0) broadcast(message('calls', { calls, skipped: skippedCalls }));
  };
  const onCallEvent = (event: CallEvent): void => {
    if (event.kind === 'call-added') {
      newestCallId = event.id;
      flushTimer ??= setTimeout(flush, flushMs);
      return;
    }
    sentCallId = newestCallId;
    broadcast(message(event.kind, {}));
  };
  const onTenantEvent = (event: TenantEvent): void => {
    if (event.kind === 'execution-added') {
      newestId = event.id;
      flushTimer ??= setTimeout(flush, flushMs);
      return;
    }
    // Rows batched but not sent yet are dropped with the rest (the timer may carry calls too).
    if (event.kind === 'executions-cleared') sentId = newestId;
    broadcast(message(event.kind, {}));
  };

  const onFaultsEvent = (): void => {
    faultsChanged = true;
    flushTimer ??= setTimeout(flush, flushMs);
  };

  function start(): void {
    unsubscribe = tenant.subscribe(onTenantEvent);
    unsubscribeCalls = journal?.subscribe(onCallEvent);
    unsubscribeFaults = faults?.subscribe(onFaultsEvent);
    heartbeat = setInterval(beat, heartbeatMs);
    heartbeat.unref();
  }
  function stop(): void {
    unsubscribe?.();
    unsubscribe = undefined;
    unsubscribeCalls?.();
    unsubscribeCalls = undefined;
    unsubscribeFaults?.();
    unsubscribeFaults = undefined;
    faultsChanged = false;
    if (flushTimer) clearTimeout(flushTimer);
    flushTimer = undefined;
    if (heartbeat) clearInterval(heartbeat);
    heartbeat = undefined;
  }

  return {
    open(res) {
      if (clients.size >= maxStreams) {
        res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8', 'Retry-After': '5', Connection: 'close' });
        res.end(`${maxStreams} inspection pages are open: close one`);
        return;
      }
      res.writeHead(200, { ...eventStreamHeaders, Connection: 'close' });
      if (clients.size === 0) start();
      clients.set(res, 0);
      res.on('close', () => {
        if (clients.delete(res) && clients.size === 0) stop();
      });
      const executions = tenant.executionsAfter(0, tenant.config.limits.executions);
      newestId = Math.max(newestId, executions[0]?.id ?? 0);
      if (clients.size === 1) sentId = newestId;
      const calls = journal?.list() ?? [];
      newestCallId = Math.max(newestCallId, calls[0]?.id ?? 0);
      if (clients.size === 1) sentCallId = newestCallId;
      const snapshot = {
        tenant: views.tenant(),
        executions: executions.map(views.row),
        calls,
        records: tenant.records().reverse().map(views.record),
      };
      send(res, `retry: 2000\n${message('snapshot', snapshot)}`);
    },
    closeAll() {
      for (const res of [...clients.keys()]) {
        clients.delete(res);
        if (res.writableLength > 0) res.destroy();
        else res.end();
      }
      stop();
    },
    get size() {
      return clients.size;
    },
  };
}

/** One event: a name and one line of JSON (JSON.stringify escapes every newline). */
function message(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}
