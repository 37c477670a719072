/** `ism-webhook-contract/msw` for require(): the reference tenant as Mock Service Worker handlers (msw 2.x, an optional peer dependency). */
import { http, type HttpHandler } from 'msw';
import { createTenantFetch } from '../fetch/create-tenant-fetch';
import { type TenantHandlersOf, tenantHandlersWith, type TenantHandlersOptions } from './tenant-handlers';

export type { TenantHandlersOptions };

export type TenantHandlers = TenantHandlersOf<HttpHandler>;

export function createTenantHandlers(options: TenantHandlersOptions): TenantHandlers {
  return tenantHandlersWith((path, resolver) => http.all(path, resolver), createTenantFetch, options);
}
