import { loadContract, type Contract } from '../contract';
import type { CallJournalLimits } from '../core/call-journal';
import { faultsAnswer, maxRuleBytes, type FaultRuleConfig } from '../faults';
import { warnOfError } from '../error-warning';
import { createPageAssets } from '../inspection-page/page-assets';
import { resolveFaultRules, resolveTenantConfig } from '../tenant/resolve-tenant';
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
  /** Fault rules to start with, after the tenant file's `faults:`, as `serve` takes them (docs/mock.md, "Test your own caller"). */
  readonly faults?: readonly FaultRuleConfig[];
  /** Seed of the fault rules' probabilities and random latencies (default: a random seed). */
  readonly seed?: number;
  /** Answer CORS preflights and allow any origin (default false). */
  readonly cors?: boolean;
  /** Who may use `/_mock/...` (default any: in process, the caller is the test itself; off: nobody). */
  readonly inspection?: 'any' | 'off';
  /** The bounds of the call journal (`GET /_mock/calls`). */
  readonly callJournal?: Partial<CallJournalLimits>;
  /** Told of a programming error answered 500 (default: a process warning, as the server gives). */
  readonly onError?: (error: unknown) => void;
}

/**
 * The reference tenant in-process: `(request: Request) => Promise<Response>`, deciding as
 * `createTenantServer` does (the same core: pipeline, documented bytes, character limit, fault
 * rules, CORS, `/_mock`), applied to `request.body` as it streams. Configuration is resolved here,
 * once, as the server resolves it; a tenant file that does not load throws TenantFileError.
 */
export function createTenantFetch(options: TenantFetchOptions = {}): TenantFetch {
  const contract = options.contract ?? loadContract();
  const config = resolveTenantConfig(options);
  return resolveTenantFetch(contract, config, options, {
    faults: resolveFaultRules(config, options.faults, contract.catalogue, options.tenantFile),
    asset: createPageAssets(),
    faultsApi: { maxBytes: maxRuleBytes, answer: faultsAnswer },
    onError: warnOfError,
  });
}
