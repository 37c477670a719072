import { defaultTenantFile } from '../../src/tenant/default-tenant';
import { loadTenantFile } from '../../src/tenant/tenant-file';

/** What a run needs to know of the default tenant: its keys and its webhooks. */
export interface ReferenceDefaults {
  readonly apiKey: string | undefined;
  readonly deactivatedApiKey: string | undefined;
  readonly extension: string | undefined;
  readonly xmlExtension: string | undefined;
}

/**
 * Reads the activated and the deactivated key, and the first active JSON and XML webhooks, from a
 * tenant file, through the one tenant-file loader (bounded, validated). A file that does not load
 * gives no values: the tenant server started from it reports its problems itself.
 */
export function readReferenceDefaults(file: string = defaultTenantFile()): ReferenceDefaults {
  const tenant = loadTenantFile(file);
  const keys = tenant.ok ? tenant.config.apiKeys : [];
  const hooks = tenant.ok ? tenant.config.webhooks : [];
  const key = (activated: boolean): string | undefined => keys.find((entry) => entry.activated === activated)?.referenceId;
  const hook = (format: string): string | undefined => hooks.find((entry) => entry.active && entry.format === format)?.extension;
  return { apiKey: key(true), deactivatedApiKey: key(false), extension: hook('json'), xmlExtension: hook('xml') };
}
