import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PageAsset } from '../inspection-page/page-assets';
import type { Tenant } from '../tenant/tenant';
import type { InspectionStreams } from './inspection-stream';
import type { InspectionViews } from './inspection-views';

/** Who may use the inspection API: loopback clients only (default), anyone, or nobody. */
export type InspectionAccess = 'loopback' | 'any' | 'off';

/** The inspection API lives outside the vendor's path space. */
export const inspectionPrefix = '/_mock/';

export function isLoopback(address: string | undefined): boolean {
  if (address === undefined) return false;
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}

/** The inspection page's collaborators: its files, its views of the tenant, its event streams. */
export interface InspectionPage {
  readonly asset: (name: string) => PageAsset | undefined;
  readonly views: InspectionViews;
  readonly streams: InspectionStreams;
}

const routes = [
  'GET /_mock/ (the inspection page)',
  'GET /_mock/events (its live feed)',
  'GET /_mock/tenant',
  'GET /_mock/health',
  'GET|DELETE /_mock/executions',
  'GET /_mock/executions/ID',
  'GET|DELETE /_mock/records',
];

/**
 * The routes above (`GET|DELETE /_mock/records[?businessObject=X]` among them): the inspection
 * page with its files and live feed, and the JSON it and the conformance suite read.
 * What the last calls delivered and created, for a frontend developer. Answers 404 to clients it
 * does not serve, as if it were not there.
 */
export function handleInspection(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  query: string,
  tenant: Tenant,
  access: InspectionAccess,
  page: InspectionPage,
): void {
  if (access === 'off' || (access === 'loopback' && !isLoopback(req.socket.remoteAddress))) {
    json(res, 404, { error: 'not found' });
    return;
  }
  const name = path.slice(inspectionPrefix.length);
  const asset = req.method === 'GET' ? page.asset(name) : undefined;
  if (asset) {
    res.writeHead(200, asset.headers).end(asset.body);
    return;
  }
  const one = req.method === 'GET' ? /^executions\/([1-9]\d{0,15})$/.exec(name) : null;
  if (one) {
    const detail = page.views.detail(Number(one[1]));
    if (detail) json(res, 200, detail);
    else json(res, 404, { error: 'no such execution (cleared, or pushed out of the bounded log)' });
    return;
  }
  const route = `${req.method ?? 'GET'} ${name}`;
  switch (route) {
    case 'GET events':
      page.streams.open(res);
      return;
    case 'GET tenant':
      json(res, 200, page.views.tenant());
      return;
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
      json(res, 404, { error: 'not found', routes });
  }
}

function json(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value, null, 2);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}
