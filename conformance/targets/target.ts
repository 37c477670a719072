import { createTenantServer } from '../../src/node';

/** Where a run sends its requests: a base URL (it may end in /HEAT), and how to let go of it. */
export interface Target {
  readonly baseUrl: string;
  /** For reports: "reference tenant (embedded)" or the URL. */
  readonly label: string;
  close(): Promise<void>;
}

/** A target the user named with --target (resolved without a trailing slash): nothing to start or stop. */
export function urlTarget(baseUrl: string): Target {
  return { baseUrl, label: baseUrl, close: async () => undefined };
}

/** Starts the reference tenant in-process on 127.0.0.1 and a free port, with the given tenant file. */
export async function startEmbeddedReference(tenantFile: string): Promise<Target> {
  const tenant = createTenantServer({ tenantFile, inspection: 'loopback' });
  const baseUrl = await tenant.listen(0, '127.0.0.1');
  return { baseUrl, label: `${baseUrl} (reference tenant, embedded)`, close: () => tenant.close() };
}
