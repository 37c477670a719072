import { randomBytes } from 'node:crypto';
import { compileAction, runAction, type CompiledAction } from './actions';
import { createApiKeyCheck, type AuthResult } from './api-keys';
import type { BusinessRecord, Execution, TenantConfig, WebhookBody, WebhookConfig } from './model';
import { RecordStore } from './records';
import { RingBuffer } from './ring-buffer';
import { createWebhookRegistry, type WebhookLookup } from './webhooks';

export interface TenantDeps {
  /** Milliseconds since the epoch. */
  readonly clock: () => number;
  /** Record IDs (default: see `recordIds`). */
  readonly newRecordId?: () => string;
}

export const defaultTenantDeps: TenantDeps = { clock: Date.now };

/**
 * Record IDs like ISM RecIds, 32 upper-case hex digits: a random prefix per tenant and a counter,
 * unique within the tenant and cheap enough for the request path.
 */
export function recordIds(): () => string {
  const prefix = randomBytes(10).toString('hex').toUpperCase();
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
  }): void;
  executions(): Execution[];
  records(businessObject?: string): BusinessRecord[];
  clearExecutions(): void;
  clearRecords(): void;
}

interface StoredExecution extends Omit<Execution, 'webhookBody'> {
  readonly format: WebhookBody['format'];
  readonly text: string;
}

function view({ format, text, ...rest }: StoredExecution): Execution {
  return { ...rest, webhookBody: format === 'json' ? (JSON.parse(text) as Record<string, unknown>) : text };
}

export function createTenant(config: TenantConfig, deps: TenantDeps = defaultTenantDeps): Tenant {
  const authorize = createApiKeyCheck(config.apiKeys);
  // Actions are compiled once (their field paths split), here, and the registry hands them out.
  const lookup = createWebhookRegistry(config.webhooks, config.actions.map(compileAction));
  // The log keeps the body as received (one string) and parses it only when read: a parsed object
  // graph per retained execution costs the garbage collector on every request.
  const log = new RingBuffer<StoredExecution>(config.limits.executions);
  const records = new RecordStore(config.limits.records);
  const newRecordId = deps.newRecordId ?? recordIds();
  const iso = isoClock();
  let nextId = 1;

  return {
    config,
    authorize,
    lookup,
    execute({ webhook, action, key, body, receivedAt }) {
      const record = runAction(action, body, newRecordId(), iso(deps.clock()));
      records.insert(record);
      const stored: StoredExecution = {
        id: nextId++,
        receivedAt: iso(receivedAt),
        extension: webhook.extension,
        apiKey: key,
        action: action.name,
        format: body.format,
        text: body.text,
        record,
      };
      log.push(stored);
    },
    executions: () => log.toArray().map(view),
    records: (businessObject) => records.list(businessObject),
    clearExecutions: () => log.clear(),
    clearRecords: () => records.clear(),
  };
}
