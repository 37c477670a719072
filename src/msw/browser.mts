/**
 * `ism-webhook-contract/msw` in a browser bundle (the `browser` condition): the same
 * createTenantHandlers, for `setupWorker(...handlers)`, with no Node built-in. The contract's
 * answers, its character limit and the default tenant come from browser-data.mjs, generated at
 * build time from the spec and fixtures/tenant.yaml; a tenant of your own is passed as `tenant`.
 */
import { http, type HttpHandler } from 'msw';
import { resolveTenantFetch } from '../fetch/resolve-tenant-fetch.js';
import { catalogueOf } from '../fetch/shipped-contract.js';
import { shippedContract } from './browser-data.mjs';
import { type TenantHandlersOf, tenantHandlersWith, type TenantHandlersOptions } from './tenant-handlers.js';

export type { TenantHandlersOptions };

export type TenantHandlers = TenantHandlersOf<HttpHandler>;

const contract = { catalogue: catalogueOf(shippedContract), maxCharacters: shippedContract.maxCharacters, odata: shippedContract.odata };

/** Throws a TypeError for `tenantFile` (a browser has no files) or a `tenantUrl` that is not absolute. */
export function createTenantHandlers(options: TenantHandlersOptions): TenantHandlers {
  if (options.tenantFile !== undefined) {
    throw new TypeError(
      `createTenantHandlers: tenantFile '${options.tenantFile}' cannot be read in a browser: pass the tenant's configuration as an object in \`tenant\` instead`,
    );
  }
  return tenantHandlersWith(
    (path, resolver) => http.all(path, resolver),
    (fetchOptions) =>
      resolveTenantFetch(fetchOptions.contract ?? contract, fetchOptions.tenant ?? shippedContract.tenant, fetchOptions, (error) =>
        console.error('reference tenant:', error),
      ),
    options,
  );
}
