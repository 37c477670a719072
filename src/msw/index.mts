/**
 * `ism-webhook-contract/msw` for import: the same as index.ts, with msw's ESM build (the one an ESM
 * test's `setupServer` comes from), so the handlers and their types are that msw's.
 */
import { http, type HttpHandler } from 'msw';
import { createTenantFetch } from '../fetch/create-tenant-fetch.js';
import { type TenantHandlersOf, tenantHandlersWith, type TenantHandlersOptions } from './tenant-handlers.js';

export type { TenantHandlersOptions };

export type TenantHandlers = TenantHandlersOf<HttpHandler>;

export function createTenantHandlers(options: TenantHandlersOptions): TenantHandlers {
  return tenantHandlersWith((path, resolver) => http.all(path, resolver), createTenantFetch, options);
}
