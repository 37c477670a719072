import { isLoopback } from '../../src/loopback';
import { createTenantServer } from '../../src/node';
import { sendRequest } from './send-request';

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

/**
 * The reference tenant's inspection API, `GET /_mock/executions`, which lists the Actions that
 * ran. Only loopback targets are asked (the reference serves it to loopback clients only), so a
 * live tenant never sees these requests.
 */
export interface Inspection {
  /** The identities of the executions the target lists now (their `id`, else the whole entry). */
  snapshot(): Promise<ReadonlySet<string> | undefined>;
}

/** How many executions appeared between two snapshots. */
export function executionsBetween(before: ReadonlySet<string>, after: ReadonlySet<string>): number {
  let added = 0;
  for (const id of after) if (!before.has(id)) added++;
  return added;
}

export function isLoopbackUrl(baseUrl: string): boolean {
  try {
    return isLoopback(new URL(baseUrl).hostname);
  } catch {
    return false;
  }
}

export async function detectInspection(baseUrl: string, timeoutMs: number): Promise<Inspection | undefined> {
  if (!isLoopbackUrl(baseUrl)) return undefined;
  const url = `${baseUrl}/_mock/executions`;
  const snapshot = async (): Promise<ReadonlySet<string> | undefined> => {
    const sent = await sendRequest({ method: 'GET', url, headers: [['Accept', 'application/json']], body: Buffer.alloc(0) }, timeoutMs);
    if (!sent.ok || sent.response.status !== 200) return undefined;
    try {
      const value = JSON.parse(sent.response.body.toString('utf8')) as { executions?: unknown };
      if (!Array.isArray(value.executions)) return undefined;
      return new Set(
        value.executions.map((entry: unknown) => {
          const id = (entry as { id?: unknown } | null)?.id;
          return typeof id === 'number' || typeof id === 'string' ? `id:${id}` : JSON.stringify(entry);
        }),
      );
    } catch {
      return undefined;
    }
  };
  return (await snapshot()) === undefined ? undefined : { snapshot };
}
