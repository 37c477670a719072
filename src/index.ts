/** Library entry of ism-webhook-contract. */
export * from './contract';
export * from './tenant';
export * from './server';
export { main as runCli } from './cli/main';
