import { isLoopback } from '../../src/loopback';
import { sendRequest } from './send-request';

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
