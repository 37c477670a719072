/** Library entry of ism-webhook-contract. */
export * from './contract';
export * from './tenant';
export * from './node';
/** Fault rules of the reference tenant (README, "Test your own caller"). */
export type { FaultRuleConfig, FaultRules, FaultRuleView } from './faults';
export * from './fetch';
export { main as runCli } from './cli/main';
/** The contract as TypeScript types (openapi-typescript output of openapi/webhooks.yaml). */
export type { paths, components, operations } from './generated/api';
