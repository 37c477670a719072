import { redactHeaders } from '../redact';
import { compileAction, runAction, type CompiledAction } from './actions';
import { createApiKeyCheck, type AuthResult } from './api-keys';
import type { BusinessRecord, Execution, TenantConfig, WebhookBody, WebhookConfig } from './model';
import { RecordStore } from './records';
import { RingBuffer } from './ring-buffer';
import { isoClock } from './iso-clock';
import { createTenantEvents, type TenantListener } from './tenant-events';
import { createWebhookRegistry, type WebhookLookup } from './webhooks';

export interface TenantDeps {
  /** Milliseconds since the epoch. */
  readonly clock: () => number;
  /** Record IDs (default: see `recordIds`). */
  readonly newRecordId?: () => string;
  /** The execution log's bound in bytes (default `executionLogBytes`). */
  readonly executionLogBytes?: number;
}

export const defaultTenantDeps: TenantDeps = { clock: Date.now };

/**
 * Record IDs like ISM RecIds, 32 upper-case hex digits: a random prefix per tenant and a counter,
 * unique within the tenant and cheap enough for the request path.
 */
export function recordIds(): () => string {
  // Web Crypto (global in Node and browsers): this module runs in both.
  const prefix = Array.from(crypto.getRandomValues(new Uint8Array(10)), (byte) => byte.toString(16).padStart(2, '0'))
    .join('')
    .toUpperCase();
  // The character codes of the ID, the counter in the last 12: one flat string per ID (a
  // concatenation would keep two strings alive with every record).
  const codes = Array.from(`${prefix}${'0'.repeat(12)}`, (char) => char.charCodeAt(0));
  const hex = Array.from('0123456789ABCDEF', (char) => char.charCodeAt(0));
  let next = 0;
  return () => {
    let n = next++;
    for (let i = codes.length - 1; i >= codes.length - 12; i--) {
      codes[i] = hex[n % 16] as number;
      n = Math.floor(n / 16);
    }
    return String.fromCharCode.apply(null, codes);
  };
}

/** The state and rules of one in-memory tenant. Each instance is independent: no module state. */
export interface Tenant {
  readonly config: TenantConfig;
  authorize(authorization: string | undefined): AuthResult;
  lookup(extension: string): WebhookLookup;
  execute(input: {
    webhook: WebhookConfig;
    action: CompiledAction;
    key: { name: string; hint: string };
    body: WebhookBody;
    receivedAt: number;
    /** The request as received: its method and its headers in the order received (see `packHeaders`). */
    request: { method: string; headers: string };
    /** The fault rule that hit the call, named in the execution log. */
    faultRule?: string;
  }): number;
  executions(): Execution[];
  /** One execution with the body exactly as received, while the log still holds it. */
  findExecution(id: number): { execution: Execution; bodyText: string; format: WebhookBody['format'] } | undefined;
  /** Executions with an id above `afterId`, newest first, at most `max` of them. */
  executionsAfter(afterId: number, max: number): Execution[];
  records(businessObject?: string): BusinessRecord[];
  clearExecutions(): void;
  clearRecords(): void;
  /** Watch executions added and cleared and records cleared; the function returned stops it. */
  subscribe(listener: TenantListener): () => void;
}

/**
 * The bound of the execution log in bytes (two per UTF-16 code unit of the bodies, request
 * headers and record fields it holds), besides its count (`limits.executions`): 8 MB keeps 1,000 ordinary calls, or
 * about 40 of the largest bodies. Whatever shows the log is then bounded by it too.
 */
export const executionLogBytes = 8 * 1024 * 1024;

/**
 * What the log keeps of one execution, made cheap to keep: every object kept for the next
 * thousand requests is copied by each young-generation collection it lives through, so it keeps
 * few: the body as received (one string), and the request headers packed in one string
 * (`packHeaders`) with the key's hint, redacted when the log is read. See docs/performance.md.
 */
class StoredExecution {
  constructor(
    readonly id: number,
    readonly receivedAt: number,
    readonly durationMs: number,
    readonly method: string,
    readonly extension: string,
    /** The request headers as received, packed (`packHeaders`). */
    readonly headers: string,
    readonly apiKey: { readonly name: string; readonly hint: string },
    readonly action: string,
    readonly format: WebhookBody['format'],
    readonly text: string,
    readonly record: BusinessRecord,
    readonly faultRule: string | undefined,
  ) {}
}

function weightOf(execution: StoredExecution): number {
  let units = execution.text.length + execution.method.length + 200 + execution.headers.length;
  const fields = execution.record.fields;
  for (const field in fields) units += field.length + (fields[field] as string).length;
  return units * 2;
}

export function createTenant(config: TenantConfig, deps: TenantDeps = defaultTenantDeps): Tenant {
  const authorize = createApiKeyCheck(config.apiKeys);
  // Actions are compiled once (their field paths split), here, and the registry hands them out.
  const lookup = createWebhookRegistry(config.webhooks, config.actions.map(compileAction));
  // The log keeps the body as received (one string), never parsed again: a parsed object graph
  // per retained execution costs the garbage collector on every request, and may be too deep to
  // serialize.
  const log = new RingBuffer<StoredExecution>(config.limits.executions, deps.executionLogBytes ?? executionLogBytes);
  const records = new RecordStore(config.limits.records);
  const newRecordId = deps.newRecordId ?? recordIds();
  const iso = isoClock();
  const events = createTenantEvents();
  let nextId = 1;
  const shown = (stored: StoredExecution): Execution => ({
    id: stored.id,
    receivedAt: new Date(stored.receivedAt).toISOString(),
    durationMs: stored.durationMs,
    method: stored.method,
    extension: stored.extension,
    requestHeaders: redactHeaders(stored.headers, stored.apiKey.hint),
    apiKey: stored.apiKey,
    action: stored.action,
    webhookBody: { format: stored.format, text: stored.text },
    record: stored.record,
    // Always set (undefined when no rule hit), so every execution has one shape; JSON leaves it out.
    faultRule: stored.faultRule,
  });

  return {
    config,
    authorize,
    lookup,
    execute({ webhook, action, key, body, receivedAt, request, faultRule }) {
      const now = deps.clock();
      const record = runAction(action, body, newRecordId(), iso(now));
      records.insert(record);
      const stored = new StoredExecution(
        nextId++,
        receivedAt,
        Math.max(0, now - receivedAt),
        request.method,
        webhook.extension,
        request.headers,
        key,
        action.name,
        body.format,
        body.text,
        record,
        faultRule,
      );
      log.push(stored, weightOf(stored));
      // No event object is made while nobody watches (no inspection page open).
      if (events.listening) events.emit({ kind: 'execution-added', id: stored.id });
      return stored.id;
    },
    executions: () => log.toArray().map(shown),
    findExecution(id) {
      const stored = log.toArray().find((execution) => execution.id === id);
      return stored && { execution: shown(stored), bodyText: stored.text, format: stored.format };
    },
    executionsAfter(afterId, max) {
      const all = log.toArray();
      const out: Execution[] = [];
      for (let i = all.length - 1; i >= 0 && out.length < max; i--) {
        const stored = all[i] as StoredExecution;
        if (stored.id <= afterId) break;
        out.push(shown(stored));
      }
      return out;
    },
    records: (businessObject) => records.list(businessObject),
    clearExecutions: () => {
      log.clear();
      events.emit({ kind: 'executions-cleared' });
    },
    clearRecords: () => {
      records.clear();
      events.emit({ kind: 'records-cleared' });
    },
    subscribe: events.subscribe,
  };
}
