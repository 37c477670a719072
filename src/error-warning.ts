/**
 * Reports a programming error answered 500 (answer `error`) as a process warning, and the tenant
 * keeps serving: the `onError` of the node:http server and of `createTenantFetch` in Node.
 */
export function warnOfError(error: unknown): void {
  process.emitWarning(`reference tenant: ${error instanceof Error ? error.message : String(error)}`);
}
