import type { TenantFetchOptions } from '../fetch/create-tenant-fetch';
import type { TenantFetch } from '../fetch/tenant-fetch';
import type { Tenant } from '../tenant/tenant';

export interface TenantHandlersOptions extends Omit<TenantFetchOptions, 'basePath'> {
  /** The tenant's base URL, as your code calls it: `https://your-tenant.example.com` (a path such as `/HEAT` allowed). */
  readonly tenantUrl: string;
}

/** What createTenantHandlers gives, `H` being the HttpHandler of the msw build the entry loads. */
export interface TenantHandlersOf<H> {
  /** For `setupServer(...handlers)` (Node) or `setupWorker(...handlers)` (browser). */
  readonly handlers: H[];
  /** The in-memory tenant answering them: `executions()`, `records()` to assert on. */
  readonly tenant: Tenant;
}

/** msw's `http.all`, from whichever copy of msw the caller's module system loads (its CommonJS or its ESM build). */
export type AllMethods<H> = (path: RegExp, resolver: (info: { request: Request }) => Promise<Response>) => H;

/** How the entry builds the tenant: from files in Node (createTenantFetch), from the shipped data in a browser. */
export type CreateFetch = (options: TenantFetchOptions) => TenantFetch;

/**
 * Handlers that answer every request under `tenantUrl` as the reference tenant does (the fetch
 * edge: the Execute path, fault rules, `/_mock`, anything else 404). A `tenantUrl` that is not an absolute URL
 * throws a TypeError naming it. `index.ts` (require) and `index.mts` (import) call this with the
 * msw that their consumer's `setupServer` comes from, so one copy of msw sees the handlers;
 * `browser.mts` calls it with the tenant built from data shipped in the package.
 */
export function tenantHandlersWith<H>(all: AllMethods<H>, createFetch: CreateFetch, options: TenantHandlersOptions): TenantHandlersOf<H> {
  let url: URL;
  try {
    url = new URL(options.tenantUrl);
  } catch {
    throw new TypeError(
      `createTenantHandlers: tenantUrl must be an absolute URL such as https://your-tenant.example.com, got '${options.tenantUrl}'`,
    );
  }
  const basePath = url.pathname.replace(/\/+$/, '');
  const answer = createFetch({ ...options, basePath });
  // A call the tenant drops rejects; MSW's way to fail a call as the network does is Response.error().
  const resolver = ({ request }: { request: Request }) => answer(request).catch(() => Response.error());
  // A RegExp with no group: msw's path pattern would percent-decode the path, and throw (a 500) on `/%zz`.
  const under = new RegExp(`^${`${url.origin}${basePath}/`.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);
  return { handlers: [all(under, resolver)], tenant: answer.tenant };
}
