// Every entry of the exports map, type-checked as a consumer imports it (copied to entries.mts
// for ESM). A new entry gets its import here too.
import {
  createTenantFetch,
  createTenantServer,
  loadContract,
  type Contract,
  type TenantFetch,
  type components,
  type operations,
  type paths,
} from 'ism-webhook-contract';
import { conform, probe, type RunReport, type Scenario } from 'ism-webhook-contract/conformance';
import { createTenantHandlers, type TenantHandlers } from 'ism-webhook-contract/msw';

type ExecuteRequest = paths['/api/rest/Webhooks/Execute']['post']['parameters']['query'];
type Executed = operations['executeWebhook']['responses'][200];
type AuthError = components['schemas']['AuthError'];

const extension: ExecuteRequest['extension'] = 'MyTestWebhook';
const denied: AuthError['code'] = 'ISM_4001';
const contract: Contract = loadContract();
const report: Pick<RunReport, 'results' | 'verdict'> | undefined = undefined;
const scenario: Scenario | undefined = undefined;
const handle: TenantFetch | undefined = undefined;
const mocked: TenantHandlers | undefined = undefined;

export const used = [
  createTenantServer,
  createTenantFetch,
  createTenantHandlers,
  conform,
  probe,
  extension,
  denied,
  contract.maxCharacters,
  report,
  scenario,
  handle,
  mocked,
];
export type { Executed };
