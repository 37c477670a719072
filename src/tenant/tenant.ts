import { redactHeaders } from '../redact';
import { compileAction, runAction, type CompiledAction } from './actions';
import { createApiKeyCheck, type AuthResult } from './api-keys';
import type { BusinessRecord, Execution, TenantConfig, WebhookBody, WebhookConfig } from './model';
import { RecordStore } from './records';
import { RingBuffer } from './ring-buffer';
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
  let next = 0;
  return () => prefix + (next++).toString(16).toUpperCase().padStart(12, '0');
}

/** ISO 8601 text of a time; requests within the same millisecond share one string. */
function isoClock(): (ms: number) => string {
  let lastMs = Number.NaN;
  let lastText = '';
  return (ms) => {
    if (ms !== lastMs) {
      lastMs = ms;
      lastText = new Date(ms).toISOString();
    }
    return lastText;
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
    /** The request as received: its method and Node's `rawHeaders` (name, value, name, value, ...). */
    request: { method: string; rawHeaders: readonly string[] };
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

function weightOf(execution: Execution): number {
  let units = execution.webhookBody.text.length + execution.method.length + 200;
  for (const [name, value] of execution.requestHeaders) units += name.length + value.length + 8;
  if (execution.record)
    for (const field in execution.record.fields) units += field.length + (execution.record.fields[field] as string).length;
  return units * 2;
}

export function createTenant(config: TenantConfig, deps: TenantDeps = defaultTenantDeps): Tenant {
  const authorize = createApiKeyCheck(config.apiKeys);
  // Actions are compiled once (their field paths split), here, and the registry hands them out.
  const lookup = createWebhookRegistry(config.webhooks, config.actions.map(compileAction));
  // The log keeps the body as received (one string), never parsed again: a parsed object graph
  // per retained execution costs the garbage collector on every request, and may be too deep to
  // serialize.
  const log = new RingBuffer<Execution>(config.limits.executions, deps.executionLogBytes ?? executionLogBytes);
  const records = new RecordStore(config.limits.records);
  const newRecordId = deps.newRecordId ?? recordIds();
  const iso = isoClock();
  const events = createTenantEvents();
  let nextId = 1;

  return {
    config,
    authorize,
    lookup,
    execute({ webhook, action, key, body, receivedAt, request, faultRule }) {
      const now = deps.clock();
      const record = runAction(action, body, newRecordId(), iso(now));
      records.insert(record);
      const stored: Execution = {
        id: nextId++,
        receivedAt: iso(receivedAt),
        durationMs: Math.max(0, now - receivedAt),
        method: request.method,
        extension: webhook.extension,
        requestHeaders: redactHeaders(request.rawHeaders, key.hint),
        apiKey: key,
        action: action.name,
        webhookBody: { format: body.format, text: body.text },
        record,
        // Always set (undefined when no rule hit), so every execution has one shape; JSON leaves it out.
        faultRule,
      };
      log.push(stored, weightOf(stored));
      events.emit({ kind: 'execution-added', id: stored.id });
      return stored.id;
    },
    executions: () => log.toArray(),
    findExecution(id) {
      const stored = log.toArray().find((execution) => execution.id === id);
      return stored && { execution: stored, bodyText: stored.webhookBody.text, format: stored.webhookBody.format };
    },
    executionsAfter(afterId, max) {
      const all = log.toArray();
      const out: Execution[] = [];
      for (let i = all.length - 1; i >= 0 && out.length < max; i--) {
        const stored = all[i] as Execution;
        if (stored.id <= afterId) break;
        out.push(stored);
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
