import { redactHeaders } from '../redact';
import { RingBuffer } from '../tenant/ring-buffer';

/**
 * `GET /_mock/calls`: every answer the tenant gave, refused ones too (401, 400s, 405, 404, 413),
 * not only the calls whose Action ran (those are `GET /_mock/executions`). It is fed from the one
 * place the access log is written, when an answer has been sent, so the two always agree. It
 * holds what the access log holds plus the request headers, redacted: `Authorization` as the
 * key's hint (or `[redacted]` when the key was not recognised) and any known key elsewhere as its
 * hint; never the key, never the body.
 * Inspection answers are left out (the page's own requests would fill it).
 */
export interface Call {
  readonly id: number;
  readonly time: string;
  readonly method: string;
  readonly path: string;
  readonly extension: string | undefined;
  readonly status: number;
  /** The spec example answered, or the access log's other names (`not-found`, `refused`, `drop:reset`, ...). */
  readonly answer: string;
  readonly durationMs: number;
  /** The key's hint (`…8F90`), once the key was recognised. */
  readonly keyHint: string | undefined;
  /** The fault rule that hit the call (its name, or its id), when one did. */
  readonly faultRule: string | undefined;
  /** The execution (`GET /_mock/executions/ID`) and so the record, when the Action ran. */
  readonly executionId: number | undefined;
  /** The request headers in the order received, redacted (see above). */
  readonly requestHeaders: readonly (readonly [name: string, value: string])[];
}

/**
 * What the edge hands the journal: the request headers as received, packed. They are redacted
 * when the journal is read, not on every call, and the journal keeps the object it is handed (the
 * caller must not change it afterwards): the request path pays for a reference, not a copy.
 */
export type CallInput = Omit<Call, 'id' | 'time' | 'requestHeaders'> & {
  /** When the call ended, as the clock gives it (ms since the epoch); shown as an ISO time. */
  readonly at: number;
  /** The request headers as received, packed (`packHeaders`); '' for a refusal on the socket. */
  readonly headers: string;
};

/** Shows stored headers: `Authorization` as the key's hint, other values as the tenant redacts them. */
export type ShowHeaders = (headers: string, keyHint: string | undefined) => Call['requestHeaders'];

export type CallEvent = { readonly kind: 'call-added'; readonly id: number } | { readonly kind: 'calls-cleared' };

export interface CallJournal {
  add(call: CallInput): void;
  /** Newest first. */
  list(): Call[];
  /** Calls with an id above `afterId`, newest first, at most `max` of them. */
  after(afterId: number, max: number): Call[];
  clear(): void;
  /** Watch calls added and cleared; the function returned stops it. */
  subscribe(listener: (event: CallEvent) => void): () => void;
}

export interface CallJournalLimits {
  /** Calls kept (default 1,000). */
  readonly count: number;
  /** Bytes kept, two per UTF-16 code unit of its strings plus a fixed cost per call (default 1 MB). */
  readonly bytes: number;
}

export const defaultCallJournalLimits: CallJournalLimits = { count: 1000, bytes: 1024 * 1024 };

const cut = (text: string): string => (text.length > 200 ? `${text.slice(0, 200)}…` : text);

function weightOf(call: CallInput): number {
  let units =
    24 +
    call.method.length +
    call.path.length +
    (call.extension?.length ?? 0) +
    call.answer.length +
    (call.keyHint?.length ?? 0) +
    (call.faultRule?.length ?? 0) +
    100;
  units += call.headers.length;
  return units * 2;
}

export function createCallJournal(limits: Partial<CallJournalLimits> = {}, showHeaders: ShowHeaders = redactHeaders): CallJournal {
  const { count, bytes } = { ...defaultCallJournalLimits, ...limits };
  const log = new RingBuffer<CallInput>(count, bytes);
  // Field by field: the object kept may be the edge's own, with more fields than a call shows.
  const shown = (id: number, call: CallInput): Call => ({
    id,
    time: new Date(call.at).toISOString(),
    method: call.method,
    path: call.path,
    extension: call.extension,
    status: call.status,
    answer: call.answer,
    durationMs: call.durationMs,
    keyHint: call.keyHint,
    faultRule: call.faultRule,
    executionId: call.executionId,
    requestHeaders: showHeaders(call.headers, call.keyHint),
  });
  const listeners = new Set<(event: CallEvent) => void>();
  const emit = (event: CallEvent): void => {
    for (const listener of listeners) listener(event);
  };
  // Ids are not stored: the log keeps consecutive calls, the newest numbered `nextId - 1`.
  let nextId = 1;
  const after = (afterId: number, max: number): Call[] => {
    const all = log.toArray();
    const out: Call[] = [];
    for (let i = all.length - 1; i >= 0 && out.length < max; i--) {
      const id = nextId - all.length + i;
      if (id <= afterId) break;
      out.push(shown(id, all[i] as CallInput));
    }
    return out;
  };
  return {
    add(input) {
      // A path or extension is cut to what a person reads, so one call cannot weigh more than a few hundred bytes.
      const long = input.path.length > 200 || (input.extension !== undefined && input.extension.length > 200);
      const call: CallInput = long
        ? { ...input, path: cut(input.path), extension: input.extension === undefined ? undefined : cut(input.extension) }
        : input;
      log.push(call, weightOf(call));
      const id = nextId++;
      if (listeners.size > 0) emit({ kind: 'call-added', id });
    },
    list: () => after(0, count),
    after,
    clear() {
      log.clear();
      emit({ kind: 'calls-cleared' });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
