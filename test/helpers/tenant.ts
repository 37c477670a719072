import { loadContract } from '../../src/contract';
import { createTenantServer, type TenantServer } from '../../src/node';
import type { TenantServerOptions } from '../../src/node/options';
import { defaultTenantFile, loadTenantFile, type TenantConfig } from '../../src/tenant';

export const contract = loadContract();
export const executePath = contract.catalogue.path;

/** The default tenant fixture, and its two keys as the tests send them. */
export function defaultTenant(): TenantConfig {
  const result = loadTenantFile(defaultTenantFile());
  if (!result.ok) throw new Error('fixtures/tenant.yaml does not load');
  return result.config;
}
const config = defaultTenant();
const activeKey = config.apiKeys.find((key) => key.activated)?.referenceId as string;
const deactivatedKey = config.apiKeys.find((key) => !key.activated)?.referenceId as string;
export const keys = {
  active: activeKey,
  deactivated: deactivatedKey,
  header: `rest_api_key=${activeKey}`,
  deactivatedHeader: `rest_api_key=${deactivatedKey}`,
};

/** The exact bytes the spec's named example says a server sends. */
export const body = (name: Parameters<typeof contract.catalogue.get>[0]): string => contract.catalogue.get(name).body;
export const status = (name: Parameters<typeof contract.catalogue.get>[0]): number => contract.catalogue.get(name).status;

/** A fresh reference tenant on 127.0.0.1, a free port. */
export async function startTenant(options: TenantServerOptions = {}): Promise<{ tenant: TenantServer; url: string }> {
  const tenant = createTenantServer({ contract, tenant: config, ...options });
  const url = await tenant.listen(0, '127.0.0.1');
  return { tenant, url };
}

/** A JSON object of exactly `length` UTF-16 code units whose string value repeats `char`. */
export function jsonOfLength(length: number, char = 'x'): string {
  const frame = '{"Subject":""}';
  const room = length - frame.length;
  if (room < 0 || room % char.length !== 0) throw new Error(`cannot build ${length} units from ${JSON.stringify(char)}`);
  return `{"Subject":"${char.repeat(room / char.length)}"}`;
}
