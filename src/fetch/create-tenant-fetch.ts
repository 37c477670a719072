import { loadContract, type Contract } from '../contract';
import { parseBasePath } from '../server/request-target';
import { resolveTenantConfig } from '../server/resolve-tenant';
import type { TenantConfig } from '../tenant/model';
import { createTenant, defaultTenantDeps } from '../tenant/tenant';
import { tenantFetch, type TenantFetch } from './tenant-fetch';

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
  const contract = options.contract ?? loadContract();
  const clock = options.clock ?? defaultTenantDeps.clock;
  const tenant = createTenant(resolveTenantConfig(options), { clock, newRecordId: options.newRecordId });
  return tenantFetch({
    catalogue: contract.catalogue,
    maxCharacters: contract.maxCharacters,
    tenant,
    clock,
    prefer: options.prefer ?? false,
    basePath: basePathOf(options.basePath),
    onFault:
      options.onFault ?? ((error) => process.emitWarning(`reference tenant: ${error instanceof Error ? error.message : String(error)}`)),
  });
}

/** The base path as `serve --base-path` takes it; a bad one is a programming error at start. */
function basePathOf(value: string | undefined): string {
  const parsed = parseBasePath(value ?? '');
  if (!parsed.ok) throw new TypeError(`createTenantFetch: ${parsed.message.replace('--base-path', 'basePath')}`);
  return parsed.value;
}
