/**
 * `ism-webhook-contract/msw` in a browser bundle (the `browser` condition): the same
 * createTenantHandlers, for `setupWorker(...handlers)`, with no Node built-in. The contract's
 * answers, its character limit and the default tenant come from browser-data.mjs, generated at
 * build time from the spec and fixtures/tenant.yaml; a tenant of your own is passed as `tenant`.
 * Fault rules and the `/_mock` JSON API work as in Node, except `POST /_mock/faults` (pass `faults`).
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
    (fetchOptions) => {
      const tenant = fetchOptions.tenant ?? shippedContract.tenant;
      // No file, no page and no rule validation here: the rules given are taken as written (checked where they run in Node).
      return resolveTenantFetch(fetchOptions.contract ?? contract, tenant, fetchOptions, {
        faults: [...(tenant.faults ?? []), ...(fetchOptions.faults ?? [])],
        onError: (error) => console.error('reference tenant:', error),
      });
    },
    options,
  );
}
