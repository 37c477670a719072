import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Tenant } from '../tenant/tenant';

/** Who may use the inspection API: loopback clients only (default), anyone, or nobody. */
export type InspectionAccess = 'loopback' | 'any' | 'off';

/** The inspection API lives outside the vendor's path space. */
export const inspectionPrefix = '/_mock/';

export function isLoopback(address: string | undefined): boolean {
  if (address === undefined) return false;
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}

/**
 * `GET /_mock/health`, `GET|DELETE /_mock/executions`, `GET|DELETE /_mock/records[?businessObject=X]`.
 * What the last calls delivered and created, for a frontend developer. Answers 404 to clients it
 * does not serve, as if it were not there.
 */
export function handleInspection(req: IncomingMessage, res: ServerResponse, path: string, query: string, tenant: Tenant, access: InspectionAccess): void {
  if (access === 'off' || (access === 'loopback' && !isLoopback(req.socket.remoteAddress))) {
    json(res, 404, { error: 'not found' });
    return;
  }
  const route = `${req.method ?? 'GET'} ${path.slice(inspectionPrefix.length)}`;
  switch (route) {
    case 'GET health':
      json(res, 200, { status: 'ok', tenant: tenant.config.name });
      return;
    case 'GET executions':
      json(res, 200, { executions: tenant.executions() });
      return;
    case 'DELETE executions':
      tenant.clearExecutions();
      res.writeHead(204).end();
      return;
    case 'GET records':
      json(res, 200, { records: tenant.records(new URLSearchParams(query).get('businessObject') ?? undefined) });
      return;
    case 'DELETE records':
      tenant.clearRecords();
      res.writeHead(204).end();
      return;
    default:
      json(res, 404, { error: 'not found', routes: ['GET /_mock/health', 'GET|DELETE /_mock/executions', 'GET|DELETE /_mock/records'] });
  }
}

function json(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value, null, 2);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}
