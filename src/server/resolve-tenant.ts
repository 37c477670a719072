import { defaultTenantFile } from '../tenant/default-tenant';
import type { TenantConfig } from '../tenant/model';
import { formatProblems, loadTenantFile, type TenantFileProblem } from '../tenant/tenant-file';

/** A tenant file that does not load: startup misconfiguration, reported with every problem. */
export class TenantFileError extends Error {
  constructor(readonly problems: readonly TenantFileProblem[]) {
    super(`the tenant file does not load:\n${formatProblems(problems)}`);
    this.name = 'TenantFileError';
  }
}

/** The tenant an edge serves: the one given, else the file given, else the bundled fixtures/tenant.yaml. Throws TenantFileError. */
export function resolveTenantConfig(options: { readonly tenant?: TenantConfig; readonly tenantFile?: string }): TenantConfig {
  if (options.tenant) return options.tenant;
  const result = loadTenantFile(options.tenantFile ?? defaultTenantFile());
  if (!result.ok) throw new TenantFileError(result.problems);
  return result.config;
}
