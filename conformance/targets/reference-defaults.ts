import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { packageRoot } from '../../src/contract';

/** The bundled default tenant that the embedded run starts. */
export const referenceTenantFile = (): string => path.join(packageRoot(), 'fixtures', 'tenant.yaml');

/** What a run needs to know of the default tenant: its keys and its webhooks. */
export interface ReferenceDefaults {
  readonly apiKey: string | undefined;
  readonly deactivatedApiKey: string | undefined;
  readonly extension: string | undefined;
  readonly xmlExtension: string | undefined;
}

interface TenantFileShape {
  apiKeys?: { referenceId?: unknown; activated?: unknown }[];
  webhooks?: { extension?: unknown; active?: unknown; format?: unknown }[];
}

/**
 * Reads the activated and the deactivated key, and the first active JSON and XML webhooks, from a
 * tenant file. The tenant server validates the file itself; this only picks values.
 */
export function readReferenceDefaults(file: string = referenceTenantFile()): ReferenceDefaults {
  const tenant = (parse(fs.readFileSync(file, 'utf8')) ?? {}) as TenantFileShape;
  const keys = Array.isArray(tenant.apiKeys) ? tenant.apiKeys : [];
  const hooks = Array.isArray(tenant.webhooks) ? tenant.webhooks : [];
  const key = (activated: boolean): string | undefined => {
    const found = keys.find((entry) => entry.activated === activated && typeof entry.referenceId === 'string');
    return found ? String(found.referenceId) : undefined;
  };
  const hook = (format: string): string | undefined => {
    const found = hooks.find((entry) => entry.active === true && entry.format === format && typeof entry.extension === 'string');
    return found ? String(found.extension) : undefined;
  };
  return { apiKey: key(true), deactivatedApiKey: key(false), extension: hook('json'), xmlExtension: hook('xml') };
}
