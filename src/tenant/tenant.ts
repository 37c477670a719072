import { redactHeaders } from '../redact';
import { compileAction, runAction, type CompiledAction } from './actions';
import { createApiKeyCheck, type AuthResult } from './api-keys';
import type { BodyFormat, BusinessRecord, Execution, TenantConfig, WebhookBody, WebhookConfig } from './model';
import { ByteRing, type Field, type FieldIn, type RingBytes } from './byte-ring';
import { parseBodyText } from './body-format';
import { RecordStore } from './records';
import { isoClock } from './iso-clock';
import { createTenantEvents, type TenantListener } from './tenant-events';
import { createWebhookRegistry, type WebhookLookup } from './webhooks';

export interface TenantDeps {
  /** Milliseconds since the epoch. */
  readonly clock: () => number;
  /** Record IDs (default: see `recordIds`). */
  readonly newRecordId?: () => string;
  /** How the logs keep bytes (default: the web's; the node:http edge brings Node's Buffer). */
  readonly ringBytes?: RingBytes;
  /** The execution log's bound in bytes (default `executionLogBytes`). */
  readonly executionLogBytes?: number;
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
     * The request as received: its method, its headers in the order received (see `packHeaders`),
     * and its body's bytes (valid UTF-8, the text of `body`), which the log keeps as they came.
     */
    request: { method: string; headers: string; bytes: Uint8Array };
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
 * The bound of the execution log in bytes (the body and request headers as kept, in UTF-8, a few
 * bytes per field, and the text of the record each execution shows), besides its count
 * (`limits.executions`): 4 MB keeps 1,000 ordinary calls (about 1.3 KB each), or about 20 calls of
 * the largest bodies mapped into a field. Whatever shows the log is then bounded by it too.
 */
export const executionLogBytes = 4 * 1024 * 1024;

/**
 * One execution as the log keeps it (ByteRing fields, see there for why bytes): the body as
 * received (a parsed graph may be too deep to serialize), the request headers packed
 * (`packHeaders`) and redacted when read, the key's name and hint, and of the record it inserted
 * only its ID and time: the record is the Action's mapping of the body, so reading the execution
 * maps the body again (the same Action, body, ID and time give the same record), and a call keeps
 * its body once, not twice.
 */
function executionFields(id: number, input: Parameters<Tenant['execute']>[0], durationMs: number, record: BusinessRecord): FieldIn[] {
  const { webhook, action, key, body, receivedAt, request, faultRule } = input;
  return [
    id,
    receivedAt,
    durationMs,
    request.method,
    webhook.extension,
    request.headers,
    key.name,
    key.hint,
    action.name,
    body.format,
    withoutBom(request.bytes),
    faultRule,
    record.recId,
    record.createdAt,
  ];
}

/** A text with each lone surrogate as U+FFFD (String.prototype.toWellFormed, ES2024). */
function wellFormed(text: string): string {
  const own = text as string & { isWellFormed?(): boolean; toWellFormed?(): string };
  return own.isWellFormed?.() === false && own.toWellFormed ? own.toWellFormed() : text;
}

/** What the record adds to its execution when shown: its fields' text (a field may hold a whole body). */
function shownSize(record: BusinessRecord): number {
  let size = 0;
  const fields = record.fields;
  for (const name in fields) size += name.length + (fields[name] as string).length;
  return size;
}

/** The body's bytes as its text reads (`body.text` has no leading BOM: the edges drop it). */
function withoutBom(bytes: Uint8Array): Uint8Array {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
}

/** An execution read back, its record mapped again by `remap` (null when the body no longer parses, which cannot happen to a body that ran). */
function readExecution(
  fields: readonly Field[],
  remap: (action: string, format: BodyFormat, text: string, recId: string, createdAt: string) => BusinessRecord | null,
): Execution {
  const hint = fields[7] as string;
  const action = fields[8] as string;
  const format = fields[9] as BodyFormat;
  const text = fields[10] as string;
  return {
    id: fields[0] as number,
    receivedAt: new Date(fields[1] as number).toISOString(),
    durationMs: fields[2] as number,
    method: fields[3] as string,
    extension: fields[4] as string,
    requestHeaders: redactHeaders(fields[5] as string, hint),
    apiKey: { name: fields[6] as string, hint },
    action,
    webhookBody: { format, text },
    record: remap(action, format, text, fields[12] as string, fields[13] as string),
    // Always set (undefined when no rule hit), so every execution has one shape; JSON leaves it out.
    faultRule: fields[11] as string | undefined,
  };
}

export function createTenant(config: TenantConfig, deps: TenantDeps = defaultTenantDeps): Tenant {
  const authorize = createApiKeyCheck(config.apiKeys);
  // Actions are compiled once (their field paths split), here, and the registry hands them out.
  const actions = config.actions.map(compileAction);
  const lookup = createWebhookRegistry(config.webhooks, actions);
  const actionsByName = new Map(actions.map((action) => [action.name, action]));
  const remap = (name: string, format: BodyFormat, text: string, recId: string, createdAt: string): BusinessRecord | null => {
    const action = actionsByName.get(name);
    const body = parseBodyText(format, text);
    if (!action || !body.ok) return null;
    const record = runAction(action, body.body, recId, createdAt);
    // As the record store shows it: a lone surrogate (UTF-8 cannot hold it) as U+FFFD.
    const fields = record.fields as Record<string, string>;
    for (const name in fields) fields[name] = wellFormed(fields[name] as string);
    return record;
  };
  const read = (fields: readonly Field[]): Execution => readExecution(fields, remap);
  const log = new ByteRing(config.limits.executions, deps.executionLogBytes ?? executionLogBytes, deps.ringBytes);
  const records = new RecordStore(config.limits.records, deps.ringBytes);
  const newRecordId = deps.newRecordId ?? recordIds();
  const iso = isoClock();
  const events = createTenantEvents();
  let nextId = 1;

  return {
    config,
    authorize,
    lookup,
    execute(input) {
      const now = deps.clock();
      const record = runAction(input.action, input.body, newRecordId(), iso(now));
      records.insert(record);
      const id = nextId++;
      // An execution larger than the whole log (4 MB: many fields mapped from one large body) is not kept.
      log.push(executionFields(id, input, Math.max(0, now - input.receivedAt), record), shownSize(record));
      // No event object is made while nobody watches (no inspection page open).
      if (events.listening) events.emit({ kind: 'execution-added', id });
      return id;
    },
    executions: () => Array.from({ length: log.length }, (_, i) => read(log.at(i))),
    findExecution(id) {
      const index = log.indexOf(id);
      if (index === -1) return undefined;
      const execution = read(log.at(index));
      return { execution, bodyText: execution.webhookBody.text, format: execution.webhookBody.format };
    },
    executionsAfter(afterId, max) {
      const out: Execution[] = [];
      for (let i = log.length - 1; i >= 0 && out.length < max; i--) {
        const execution = read(log.at(i));
        if (execution.id <= afterId) break;
        out.push(execution);
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
