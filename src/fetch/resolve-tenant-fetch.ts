import { parseBasePath } from '../core/request-target';
import { createTenantCore, type TenantCoreOptions } from '../core/tenant-core';
import type { FaultRuleConfig } from '../faults';
import type { TenantConfig } from '../tenant/model';
import type { TenantFetchOptions } from './create-tenant-fetch';
import { tenantFetch, type TenantFetch } from './tenant-fetch';

/** What the edge brings besides the options: Node's (createTenantFetch) or none (the browser entry). */
export type FetchEdgeDeps = Pick<TenantCoreOptions, 'asset' | 'faultsApi' | 'onError'> & {
  /** The fault rules to start with, checked. */
  readonly faults: readonly FaultRuleConfig[];
};

/**
 * The options' defaults resolved once, with the contract and the tenant already at hand: shared by
 * `createTenantFetch` (which reads them from files) and the browser entry of
 * `ism-webhook-contract/msw` (which has them as data). Imports no Node built-in.
 */
export function resolveTenantFetch(
  contract: TenantCoreOptions['contract'],
  config: TenantConfig,
  options: TenantFetchOptions,
  deps: FetchEdgeDeps,
): TenantFetch {
  return tenantFetch(
    createTenantCore({
      contract,
      tenant: config,
      faults: deps.faults,
      clock: options.clock,
      newRecordId: options.newRecordId,
      prefer: options.prefer,
      basePath: basePathOf(options.basePath),
      cors: options.cors,
      // In process there is no other client: the test that made it may inspect it.
      inspection: options.inspection ?? 'any',
      // No name can be rebound to a handler in process; the checks of /_mock against other sites still hold.
      allowedHosts: 'any',
      callJournal: options.callJournal,
      seed: options.seed,
      asset: deps.asset,
      faultsApi: deps.faultsApi,
      onError: options.onError ?? deps.onError,
    }),
  );
}

/** The base path as `serve --base-path` takes it; a bad one is a programming error at start. */
function basePathOf(value: string | undefined): string {
  const parsed = parseBasePath(value ?? '');
  if (!parsed.ok) throw new TypeError(`createTenantFetch: ${parsed.message.replace('--base-path', 'basePath')}`);
  return parsed.value;
}
