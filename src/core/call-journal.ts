import type { DropKind } from '../faults/fault-rule';
import { redactHeaders } from '../redact';
import { BoundedLog, textSize } from '../tenant/bounded-log';
import { createEmitter } from '../tenant/emitter';

/**
 * One call as the tenant saw it, filled in as the core decides and the edge sends: the one
 * record of a call, which the access log line and the call journal (`GET /_mock/calls`) are both
 * written from. Holds the request headers as received, packed (`packHeaders`), never the body.
 */
export class CallRecord {
  extension: string | undefined = undefined;
  /** The access log's answer name (see AccessLogEvent). */
  answer = '';
  keyHint: string | undefined = undefined;
  executionId: number | undefined = undefined;
  /** The fault rule that hit the call, and the drop it applies, if any. */
  faultRule: string | undefined = undefined;
  drop: DropKind | undefined = undefined;
  /** Set when the call is done: when (ms since the epoch), the status sent (0: none), how long it took. */
  at = 0;
  status = 0;
  durationMs = 0;
  constructor(
    /** `performance.now()` when the request came. */
    readonly started: number,
    readonly method: string,
    /** As received; the core shows a key in it as its hint before anything reads it (docs/decisions.md #19). */
    public path: string,
    /** The request headers, packed; '' for a refusal on the socket. */
    readonly headers: string,
  ) {}

  /** Marks the call done at `at` with `status`. */
  finish(at: number, status: number): void {
    this.at = at;
    this.status = status;
    this.durationMs = Math.round((performance.now() - this.started) * 100) / 100;
  }
}

/**
 * `GET /_mock/calls`: every answer the tenant gave, refused ones too (401, 400s, 405, 404, 413),
 * not only the calls whose Action ran (those are `GET /_mock/executions`). It is fed from the one
 * place the access log is written, when an answer has been sent, so the two always agree. It
 * shows the request headers redacted: `Authorization` as the key's hint (or `[redacted]` when the
 * key was not recognised) and any known key elsewhere as its hint; never the key, never the body.
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

/** Shows stored headers: `Authorization` as the key's hint, other values as the tenant redacts them. */
export type ShowHeaders = (headers: string, keyHint: string | undefined) => Call['requestHeaders'];

export type CallEvent = { readonly kind: 'call-added'; readonly id: number } | { readonly kind: 'calls-cleared' };

export interface CallJournal {
  add(call: CallRecord): void;
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
  /** Their estimated size (characters of their texts, and a fixed share each; default 1 MB). */
  readonly bytes: number;
}

export const defaultCallJournalLimits: CallJournalLimits = { count: 1000, bytes: 1024 * 1024 };

/** A path or extension cut to what a person reads, so one call weighs little more than its headers. */
const cut = (text: string): string => (text.length > 200 ? `${text.slice(0, 200)}…` : text);

export function createCallJournal(limits: Partial<CallJournalLimits> = {}, showHeaders: ShowHeaders = redactHeaders): CallJournal {
  const { count, bytes } = { ...defaultCallJournalLimits, ...limits };
  const log = new BoundedLog<{ readonly id: number; readonly call: CallRecord }>(count, bytes);
  const events = createEmitter<CallEvent>();
  const shown = ({ id, call }: { id: number; call: CallRecord }): Call => ({
    id,
    time: new Date(call.at).toISOString(),
    method: call.method,
    path: cut(call.path),
    extension: call.extension === undefined ? undefined : cut(call.extension),
    status: call.status,
    answer: call.answer,
    durationMs: call.durationMs,
    keyHint: call.keyHint,
    faultRule: call.faultRule,
    executionId: call.executionId,
    requestHeaders: showHeaders(call.headers, call.keyHint),
  });
  let nextId = 1;
  const after = (afterId: number, max: number): Call[] => {
    const out: Call[] = [];
    for (let i = log.length - 1; i >= 0 && out.length < max; i--) {
      const entry = log.at(i);
      if (entry.id <= afterId) break;
      out.push(shown(entry));
    }
    return out;
  };
  return {
    add(call) {
      const id = nextId++;
      log.push({ id, call }, textSize(cut(call.path), call.extension, call.answer, call.headers));
      events.emit({ kind: 'call-added', id });
    },
    list: () => after(0, count),
    after,
    clear() {
      log.clear();
      events.emit({ kind: 'calls-cleared' });
    },
    subscribe: events.subscribe,
  };
}
