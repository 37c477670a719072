import type { Catalogue } from '../contract/catalogue';
import type { ODataAnswers } from '../odata/odata-answers';
import { parseBasePath } from '../server/request-target';
import type { TenantConfig } from '../tenant/model';
import { createTenant, defaultTenantDeps } from '../tenant/tenant';
import type { TenantFetchOptions } from './create-tenant-fetch';
import { tenantFetch, type TenantFetch } from './tenant-fetch';

/**
 * The options' defaults resolved once, with the contract and the tenant already at hand: shared by
 * `createTenantFetch` (which reads them from files) and the browser entry of
 * `ism-webhook-contract/msw` (which has them as data). Imports no Node built-in.
 */
export function resolveTenantFetch(
  contract: { readonly catalogue: Catalogue; readonly maxCharacters: number; readonly odata: ODataAnswers },
  config: TenantConfig,
  options: TenantFetchOptions,
  defaultOnFault: (error: unknown) => void,
): TenantFetch {
  const clock = options.clock ?? defaultTenantDeps.clock;
  return tenantFetch({
    catalogue: contract.catalogue,
    maxCharacters: contract.maxCharacters,
    odata: contract.odata,
    tenant: createTenant(config, { clock, newRecordId: options.newRecordId }),
    clock,
    prefer: options.prefer ?? false,
    basePath: basePathOf(options.basePath),
    onFault: options.onFault ?? defaultOnFault,
  });
}

/** The base path as `serve --base-path` takes it; a bad one is a programming error at start. */
function basePathOf(value: string | undefined): string {
  const parsed = parseBasePath(value ?? '');
  if (!parsed.ok) throw new TypeError(`createTenantFetch: ${parsed.message.replace('--base-path', 'basePath')}`);
  return parsed.value;
}
