import type { Execution } from '../tenant/model';
import type { Tenant } from '../tenant/tenant';

/** Who may use the inspection API: loopback clients only (default), anyone, or nobody. */
export type InspectionAccess = 'loopback' | 'any' | 'off';

/** The inspection API lives outside the vendor's path space. */
export const inspectionPrefix = '/_mock/';

export function isLoopback(address: string | undefined): boolean {
  if (address === undefined) return false;
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}

/** What an inspection route answers, as a value: the edge sends it. */
export interface InspectionAnswer {
  readonly status: number;
  /** JSON text, or empty for a 204. */
  readonly body: string;
}

export interface InspectionRequest {
  readonly method: string;
  /** The path after `/_mock/`. */
  readonly route: string;
  readonly query: string;
  readonly remoteAddress: string | undefined;
}

const routes = ['GET /_mock/health', 'GET|DELETE /_mock/executions', 'GET|DELETE /_mock/records', 'GET|POST|DELETE /_mock/faults', 'DELETE /_mock/faults/{id}'];

/**
 * `GET /_mock/health`, `GET|DELETE /_mock/executions`, `GET|DELETE /_mock/records[?businessObject=X]`.
 * What the last calls delivered and created, for a frontend developer. Answers 404 to clients it
 * does not serve, as if it were not there. Its answers are bounded by what the tenant's bounded
 * logs hold, and never fail: bodies are shown as received, not parsed again.
 */
export function inspect(request: InspectionRequest, tenant: Tenant, access: InspectionAccess): InspectionAnswer {
  if (access === 'off' || (access === 'loopback' && !isLoopback(request.remoteAddress))) return json(404, { error: 'not found' });
  switch (`${request.method} ${request.route}`) {
    case 'GET health':
      return json(200, { status: 'ok', tenant: tenant.config.name });
    case 'GET executions':
      return { status: 200, body: executionsJson(tenant.executions()) };
    case 'DELETE executions':
      tenant.clearExecutions();
      return { status: 204, body: '' };
    case 'GET records':
      return json(200, { records: tenant.records(new URLSearchParams(request.query).get('businessObject') ?? undefined) });
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
