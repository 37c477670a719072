import { isLoopback } from '../loopback';

/**
 * What `serve` says at start when it is reachable beyond this machine's own programs
 * (docs/decisions.md #17): a non-loopback `--host` opens Execute to the network, and
 * `--inspection any` opens the inspection API, fault rules included, to every client that
 * reaches the port. One line each, for stderr.
 */
export function exposureWarnings(host: string, inspection: 'loopback' | 'any' | 'off'): string[] {
  const warnings: string[] = [];
  if (!isLoopback(host)) {
    const open =
      inspection === 'any'
        ? 'Execute and the inspection API (/_mock: calls, records, fault rules)'
        : "Execute (the tenant's keys are its only guard)";
    warnings.push(`warning: --host ${host} is not loopback: ${open} can be reached from the network`);
  }
  if (inspection === 'any') {
    warnings.push(
      'warning: --inspection any: the inspection API and its fault rules (/_mock: calls, executions, records, POST /_mock/faults) answer any client that reaches the port, with no key',
    );
  }
  return warnings;
}
