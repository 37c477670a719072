/** Library entry of ism-webhook-contract. */
export * from './contract';
export { main as runCli } from './cli/main';
