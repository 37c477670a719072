/** `ism-webhook-contract/msw` for require(): the reference tenant as Mock Service Worker handlers (msw 2.x, an optional peer dependency). */
import { http, type HttpHandler } from 'msw';
import { createTenantFetch } from '../fetch/create-tenant-fetch';
import type { Tenant } from '../tenant/tenant';
import { tenantHandlersWith, type TenantHandlersOptions } from './tenant-handlers';

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
