/**
 * `ism-webhook-contract/msw` for import: the same as index.ts, with msw's ESM build (the one an ESM
 * test's `setupServer` comes from), so the handlers and their types are that msw's.
 */
import { http, type HttpHandler } from 'msw';
import { createTenantFetch } from '../fetch/create-tenant-fetch.js';
import type { Tenant } from '../tenant/tenant.js';
import { tenantHandlersWith, type TenantHandlersOptions } from './tenant-handlers.js';

export type { TenantHandlersOptions };

export interface TenantHandlers {
  /** For `setupServer(...handlers)` (Node) or `setupWorker(...handlers)` (browser). */
  readonly handlers: HttpHandler[];
  /** The in-memory tenant answering them: `executions()`, `records()` to assert on. */
  readonly tenant: Tenant;
}

export function createTenantHandlers(options: TenantHandlersOptions): TenantHandlers {
  return tenantHandlersWith((path, resolver) => http.all(path, resolver), createTenantFetch, options);
}
