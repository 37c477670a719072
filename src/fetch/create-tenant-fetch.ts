import { loadContract, type Contract } from '../contract';
import { resolveTenantConfig } from '../server/resolve-tenant';
import type { TenantConfig } from '../tenant/model';
import { resolveTenantFetch } from './resolve-tenant-fetch';
import type { TenantFetch } from './tenant-fetch';

export interface TenantFetchOptions {
  /** A tenant already loaded; wins over `tenantFile`. */
  readonly tenant?: TenantConfig;
  /** A tenant file to load (default: the bundled fixtures/tenant.yaml). */
  readonly tenantFile?: string;
  /** The contract (default: loaded from the bundled openapi/webhooks.yaml). */
  readonly contract?: Contract;
  /** Milliseconds since the epoch (default Date.now). */
  readonly clock?: () => number;
  /** Record IDs (default: random 32 upper-case hex digits, like ISM RecIds). */
  readonly newRecordId?: () => string;
  /** Honour Prism's `Prefer: code=..., example=...` header (default false: a tenant ignores it). */
  readonly prefer?: boolean;
  /** The path of the tenant's base URL before /api/rest/Webhooks/Execute (default '': none). */
  readonly basePath?: string;
  /** Told of a programming error answered 500 (default: a process warning, as the server gives). */
  readonly onFault?: (error: unknown) => void;
}

/**
 * The reference tenant in-process: `(request: Request) => Promise<Response>`, deciding as
 * `createTenantServer` does (same pipeline, same documented bytes, same character limit, applied
 * to `request.body` as it streams). Configuration is resolved here, once, as the server resolves
 * it; a tenant file that does not load throws TenantFileError.
 */
export function createTenantFetch(options: TenantFetchOptions = {}): TenantFetch {
  return resolveTenantFetch(options.contract ?? loadContract(), resolveTenantConfig(options), options, (error) =>
    process.emitWarning(`reference tenant: ${error instanceof Error ? error.message : String(error)}`),
  );
}
