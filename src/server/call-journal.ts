import { redactHeaders } from '../redact';
import { ByteRing, type Field, type RingBytes } from '../tenant/byte-ring';

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
 * when the journal is read, not on every call.
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
  /** Bytes kept, as the journal keeps calls (UTF-8 text, a few bytes per field; default 1 MB). */
  readonly bytes: number;
}

export const defaultCallJournalLimits: CallJournalLimits = { count: 1000, bytes: 1024 * 1024 };

const cut = (text: string): string => (text.length > 200 ? `${text.slice(0, 200)}…` : text);

/**
 * The journal keeps calls as bytes (ByteRing: see there why), decoded when read. A path or
 * extension is cut to what a person reads, so one call cannot weigh more than its headers and a
 * few hundred bytes.
 */
function callFields(id: number, call: CallInput): Field[] {
  return [
    id,
    call.at,
    call.method,
    cut(call.path),
    call.extension === undefined ? undefined : cut(call.extension),
    call.status,
    call.answer,
    call.durationMs,
    call.keyHint,
    call.faultRule,
    call.executionId,
    call.headers,
  ];
}

export function createCallJournal(
  limits: Partial<CallJournalLimits> = {},
  showHeaders: ShowHeaders = redactHeaders,
  ringBytes?: RingBytes,
): CallJournal {
  const { count, bytes } = { ...defaultCallJournalLimits, ...limits };
  const log = new ByteRing(count, bytes, ringBytes);
  const shown = (fields: readonly Field[]): Call => {
    const keyHint = fields[8] as string | undefined;
    return {
      id: fields[0] as number,
      time: new Date(fields[1] as number).toISOString(),
      method: fields[2] as string,
      path: fields[3] as string,
      extension: fields[4] as string | undefined,
      status: fields[5] as number,
      answer: fields[6] as string,
      durationMs: fields[7] as number,
      keyHint,
      faultRule: fields[9] as string | undefined,
      executionId: fields[10] as number | undefined,
      requestHeaders: showHeaders(fields[11] as string, keyHint),
    };
  };
  const listeners = new Set<(event: CallEvent) => void>();
  const emit = (event: CallEvent): void => {
    for (const listener of listeners) listener(event);
  };
  let nextId = 1;
  const after = (afterId: number, max: number): Call[] => {
    const out: Call[] = [];
    for (let i = log.length - 1; i >= 0 && out.length < max; i--) {
      const call = shown(log.at(i));
      if (call.id <= afterId) break;
      out.push(call);
    }
    return out;
  };
  return {
    add(input) {
      const id = nextId++;
      log.push(callFields(id, input));
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
