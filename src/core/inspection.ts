import { isLoopback } from '../loopback';
import type { PageAsset } from '../inspection-page/page-assets';

export type { PageAsset };
import type { Execution } from '../tenant/model';
import type { CallJournal } from './call-journal';
import type { Tenant } from '../tenant/tenant';
import type { InspectionViews } from './inspection-views';

/** Who may use the inspection API: loopback clients only (default), anyone, or nobody. */
export type InspectionAccess = 'loopback' | 'any' | 'off';

/** The inspection API lives outside the vendor's path space. */
export const inspectionPrefix = '/_mock/';

/** Whether a client at this address may use `/_mock/` under the chosen access. */
export function mayInspect(access: InspectionAccess, remoteAddress: string | undefined): boolean {
  return access === 'any' || (access === 'loopback' && isLoopback(remoteAddress));
}

/**
 * What an inspection route answers, as a value: the edge sends it. `stream` asks the edge to
 * hand the response to the page's event streams (`GET /_mock/events`).
 */
export type InspectionAnswer =
  | {
      readonly status: number;
      /** JSON text, a page file, or empty for a 204. */
      readonly body: string | Uint8Array;
      /** Headers besides the JSON ones (a page file's own). */
      readonly headers?: Readonly<Record<string, string | number>>;
    }
  | { readonly stream: 'events' };

export interface InspectionRequest {
  readonly method: string;
  /** The path after `/_mock/`. */
  readonly route: string;
  readonly query: string;
  readonly remoteAddress: string | undefined;
}

/** The inspection page's collaborators: its files, its views of the tenant, the journal of every call. */
export interface InspectionPage {
  readonly asset: (name: string) => PageAsset | undefined;
  readonly views: InspectionViews;
  /** Absent when nobody may inspect. */
  readonly journal: CallJournal | undefined;
}

/** Whether a route after `/_mock/` is the fault rules' API (`faults`, `faults/{id}`), which the core hands to its `FaultsApi`. */
export function isFaultsRoute(route: string): boolean {
  return route === 'faults' || route.startsWith('faults/');
}

const routes = [
  'GET /_mock/ (the inspection page)',
  'GET /_mock/events (its live feed)',
  'GET /_mock/tenant',
  'GET /_mock/health',
  'GET|DELETE /_mock/calls',
  'GET|DELETE /_mock/executions',
  'GET /_mock/executions/ID',
  'GET|DELETE /_mock/records',
  'GET|POST|DELETE /_mock/faults',
  'DELETE /_mock/faults/{id}',
];

/**
 * The routes above (`GET|DELETE /_mock/records[?businessObject=X]` among them; a HEAD comes here as
 * GET, the core's `inspection` maps it): the inspection
 * page with its files and live feed, and the JSON it and the conformance suite read.
 * What the last calls delivered and created, for a frontend developer. Answers 404 to clients it
 * does not serve, as if it were not there. Its answers are bounded by what the tenant's bounded
 * logs hold, and never fail: bodies are shown as received, not parsed again.
 */
export function inspect(request: InspectionRequest, tenant: Tenant, access: InspectionAccess, page: InspectionPage): InspectionAnswer {
  if (!mayInspect(access, request.remoteAddress)) return json(404, { error: 'not found' });
  const asset = request.method === 'GET' ? page.asset(request.route) : undefined;
  if (asset) return { status: 200, body: asset.body, headers: asset.headers };
  const one = request.method === 'GET' ? /^executions\/([1-9]\d{0,15})$/.exec(request.route) : null;
  if (one) {
    const detail = page.views.detail(Number(one[1]));
    return detail ? json(200, detail) : json(404, { error: 'no such execution (cleared, or pushed out of the bounded log)' });
  }
  switch (`${request.method} ${request.route}`) {
    case 'GET events':
      return { stream: 'events' };
    case 'GET tenant':
      return json(200, page.views.tenant());
    case 'GET calls':
      return json(200, { calls: page.journal?.list() ?? [] });
    case 'DELETE calls':
      page.journal?.clear();
      return { status: 204, body: '' };
    case 'GET health':
      return json(200, { status: 'ok', tenant: tenant.config.name });
    case 'GET executions':
      return { status: 200, body: page.views.executionsJson() };
    case 'DELETE executions':
      tenant.clearExecutions();
      return { status: 204, body: '' };
    case 'GET records':
      return json(200, { records: page.views.records(new URLSearchParams(request.query).get('businessObject') ?? undefined) });
    case 'DELETE records':
      tenant.clearRecords();
      return { status: 204, body: '' };
    default:
      return json(404, { error: 'not found', routes });
  }
}

function json(status: number, value: unknown): InspectionAnswer {
  return { status, body: JSON.stringify(value, null, 2) };
}

/**
 * `{"executions": [...]}`, one execution a line. A JSON body is placed as the text it was
 * received in (it parsed, so it is JSON, at any depth); an XML body as a JSON string. The answer
 * is the size of the log plus a line per execution, built in one pass.
 */
export function executionsJson(executions: readonly Execution[]): string {
  const lines = executions.map(({ webhookBody, record, ...rest }) => {
    const head = JSON.stringify(rest);
    const body = webhookBody.format === 'json' ? webhookBody.text : JSON.stringify(webhookBody.text);
    return `  ${head.slice(0, -1)},"webhookBody":${body},"record":${JSON.stringify(record)}}`;
  });
  return lines.length === 0 ? '{\n  "executions": []\n}' : `{\n  "executions": [\n${lines.join(',\n')}\n  ]\n}`;
}
