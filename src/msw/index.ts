/** `ism-webhook-contract/msw`: the reference tenant as Mock Service Worker handlers (msw 2.x, an optional peer dependency). */
import { http, type HttpHandler } from 'msw';
import { createTenantFetch, type TenantFetchOptions } from '../fetch/create-tenant-fetch';
import type { Tenant } from '../tenant/tenant';

export interface TenantHandlersOptions extends Omit<TenantFetchOptions, 'basePath'> {
  /** The tenant's base URL, as your code calls it: `https://your-tenant.example.com` (a path such as `/HEAT` allowed). */
  readonly tenantUrl: string;
}

export interface TenantHandlers {
  /** For `setupServer(...handlers)` (Node) or `setupWorker(...handlers)` (browser). */
  readonly handlers: HttpHandler[];
  /** The in-memory tenant answering them: `executions()`, `records()` to assert on. */
  readonly tenant: Tenant;
}

/**
 * Handlers that answer every request under `tenantUrl` as the reference tenant does: the Execute
 * path with the pipeline's answers, anything else 404. A `tenantUrl` that is not an absolute URL
 * throws (a TypeError naming it).
 */
export function createTenantHandlers(options: TenantHandlersOptions): TenantHandlers {
  let url: URL;
  try {
    url = new URL(options.tenantUrl);
  } catch {
    throw new TypeError(
      `createTenantHandlers: tenantUrl must be an absolute URL such as https://your-tenant.example.com, got '${options.tenantUrl}'`,
    );
  }
  const basePath = url.pathname.replace(/\/+$/, '');
  const answer = createTenantFetch({ ...options, basePath });
  return {
    handlers: [http.all(`${url.origin}${basePath}/*`, ({ request }) => answer(request))],
    tenant: answer.tenant,
  };
}
