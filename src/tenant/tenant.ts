import { redactHeaders } from '../redact';
import { compileAction, runAction, type CompiledAction } from './actions';
import { createApiKeyCheck, type AuthResult } from './api-keys';
import type { BusinessRecord, Execution, TenantConfig, WebhookBody, WebhookConfig } from './model';
import { BoundedLog, textSize } from './bounded-log';
import { createEmitter } from './emitter';
import { RecordStore, recordSize } from './records';
import { isoClock } from './iso-clock';
import type { TenantEvent, TenantListener } from './tenant-events';
import { createWebhookRegistry, type WebhookLookup } from './webhooks';

export interface TenantDeps {
  /** Milliseconds since the epoch. */
  readonly clock: () => number;
  /** Record IDs (default: see `recordIds`). */
  readonly newRecordId?: () => string;
  /** The execution log's bound, as estimated (default `executionLogSize`). */
  readonly executionLogSize?: number;
}

export const defaultTenantDeps: TenantDeps = { clock: Date.now };

/**
 * Record IDs like ISM RecIds, 32 upper-case hex digits: a random prefix per tenant and a counter,
 * unique within the tenant and cheap enough for the request path.
 */
export function recordIds(): () => string {
  // Not a secret, only distinct between runs: Math.random, which needs no crypto module loaded.
  const prefix = Array.from({ length: 20 }, () => '0123456789ABCDEF'[Math.floor(Math.random() * 16)]).join('');
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
    /**
     * The request as received: its method and its headers in the order received (see `packHeaders`).
     */
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
 * The bound of the execution log, as estimated (`textSize`: the body, the request headers and the
 * record's fields, in characters, and a fixed share per execution), besides its count
 * (`limits.executions`): 4 MB keeps 1,000 ordinary calls, or about 20 calls of the largest bodies
 * mapped into a field. Whatever shows the log is then bounded by it too.
 */
export const executionLogSize = 4 * 1024 * 1024;

/**
 * One execution as the log keeps it: the request headers packed (`packHeaders`), redacted when
 * read; the time received as a number and the key as the registry's own identity, written out
 * and copied when read (a view may be asked for rarely, an execution is kept on every call).
 */
interface KeptExecution {
  readonly execution: Omit<Execution, 'requestHeaders' | 'receivedAt'>;
  readonly receivedAt: number;
  readonly headers: string;
}

/** A text with each lone surrogate as U+FFFD (String.prototype.toWellFormed, ES2024): a record is shown as UTF-8 can hold it. */
function wellFormed(text: string): string {
  const own = text as string & { isWellFormed?(): boolean; toWellFormed?(): string };
  return own.isWellFormed?.() === false && own.toWellFormed ? own.toWellFormed() : text;
}

/** An execution as shown: its request headers redacted, in the order of its fields. */
function shown({ execution: e, receivedAt, headers }: KeptExecution): Execution {
  return {
    id: e.id,
    receivedAt: new Date(receivedAt).toISOString(),
    durationMs: e.durationMs,
    method: e.method,
    extension: e.extension,
    requestHeaders: redactHeaders(headers, e.apiKey.hint),
    apiKey: { name: e.apiKey.name, hint: e.apiKey.hint },
    action: e.action,
    webhookBody: e.webhookBody,
    record: e.record && { ...e.record, fields: { ...e.record.fields } },
    faultRule: e.faultRule,
  };
}

export function createTenant(config: TenantConfig, deps: TenantDeps = defaultTenantDeps): Tenant {
  const authorize = createApiKeyCheck(config.apiKeys);
  // Actions are compiled once (their field paths split), here, and the registry hands them out.
  const actions = config.actions.map(compileAction);
  const lookup = createWebhookRegistry(config.webhooks, actions);
  const log = new BoundedLog<KeptExecution>(config.limits.executions, deps.executionLogSize ?? executionLogSize);
  const records = new RecordStore(config.limits.records);
  const newRecordId = deps.newRecordId ?? recordIds();
  const iso = isoClock();
  const events = createEmitter<TenantEvent>();
  let nextId = 1;

  return {
    config,
    authorize,
    lookup,
    execute(input) {
      const { webhook, action, key, body, receivedAt, request, faultRule } = input;
      const now = deps.clock();
      const mapped = runAction(action, body, newRecordId(), iso(now));
      const fields: Record<string, string> = {};
      for (const name in mapped.fields) fields[name] = wellFormed(mapped.fields[name] as string);
      const record: BusinessRecord = { ...mapped, fields };
      records.insert(record);
      const id = nextId++;
      const execution: KeptExecution['execution'] = {
        id,
        durationMs: Math.max(0, now - receivedAt),
        method: request.method,
        extension: webhook.extension,
        apiKey: key,
        action: action.name,
        webhookBody: { format: body.format, text: body.text },
        record,
        // Always set (undefined when no rule hit), so every execution has one shape; JSON leaves it out.
        faultRule,
      };
      // An execution larger than the whole log (many fields mapped from one large body) is not kept.
      log.push({ execution, receivedAt, headers: request.headers }, recordSize(record) + textSize(body.text, request.headers));
      events.emit({ kind: 'execution-added', id });
      return id;
    },
    executions: () => Array.from({ length: log.length }, (_, i) => shown(log.at(i))),
    findExecution(id) {
      for (let i = log.length - 1; i >= 0; i--) {
        const kept = log.at(i);
        if (kept.execution.id !== id) continue;
        const execution = shown(kept);
        return { execution, bodyText: execution.webhookBody.text, format: execution.webhookBody.format };
      }
      return undefined;
    },
    executionsAfter(afterId, max) {
      const out: Execution[] = [];
      for (let i = log.length - 1; i >= 0 && out.length < max; i--) {
        const kept = log.at(i);
        if (kept.execution.id <= afterId) break;
        out.push(shown(kept));
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
