import { createTenantServer } from '../../src/node';
import type { Target } from './target';

/** Starts the reference tenant in-process on 127.0.0.1 and a free port, with the given tenant file. */
export async function startEmbeddedReference(tenantFile: string): Promise<Target> {
  const tenant = createTenantServer({ tenantFile, inspection: 'loopback' });
  const baseUrl = await tenant.listen(0, '127.0.0.1');
  return { baseUrl, label: `${baseUrl} (reference tenant, embedded)`, close: () => tenant.close() };
}
