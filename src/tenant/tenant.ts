import { randomUUID } from 'node:crypto';
import { runAction } from './actions';
import { createApiKeyCheck, type AuthResult } from './api-keys';
import type { ActionConfig, BusinessRecord, Execution, TenantConfig, WebhookBody, WebhookConfig } from './model';
import { RecordStore } from './records';
import { RingBuffer } from './ring-buffer';
import { createWebhookRegistry, type WebhookLookup } from './webhooks';

export interface TenantDeps {
  /** Milliseconds since the epoch. */
  readonly clock: () => number;
  /** Record IDs; ISM RecIds are 32 upper-case hex digits. */
  readonly newRecordId: () => string;
}

export const defaultTenantDeps: TenantDeps = {
  clock: Date.now,
  newRecordId: () => randomUUID().replaceAll('-', '').toUpperCase(),
};

/** The state and rules of one in-memory tenant. Each instance is independent: no module state. */
export interface Tenant {
  readonly config: TenantConfig;
  authorize(authorization: string | undefined): AuthResult;
  lookup(extension: string): WebhookLookup;
  execute(input: {
    webhook: WebhookConfig;
    action: ActionConfig;
    key: { name: string; hint: string };
    body: WebhookBody;
    receivedAt: number;
  }): Execution;
  executions(): Execution[];
  records(businessObject?: string): BusinessRecord[];
  clearExecutions(): void;
  clearRecords(): void;
}

export function createTenant(config: TenantConfig, deps: TenantDeps = defaultTenantDeps): Tenant {
  const authorize = createApiKeyCheck(config.apiKeys);
  const lookup = createWebhookRegistry(config.webhooks, config.actions);
  const log = new RingBuffer<Execution>(config.limits.executions);
  const records = new RecordStore(config.limits.records);
  let nextId = 1;

  return {
    config,
    authorize,
    lookup,
    execute({ webhook, action, key, body, receivedAt }) {
      const record = runAction(action, body, deps.newRecordId(), new Date(deps.clock()).toISOString());
      records.insert(record);
      const execution: Execution = {
        id: nextId++,
        receivedAt: new Date(receivedAt).toISOString(),
        extension: webhook.extension,
        apiKey: key,
        action: action.name,
        webhookBody: body.format === 'json' ? body.value : body.text,
        record,
      };
      log.push(execution);
      return execution;
    },
    executions: () => log.toArray(),
    records: (businessObject) => records.list(businessObject),
    clearExecutions: () => log.clear(),
    clearRecords: () => records.clear(),
  };
}
