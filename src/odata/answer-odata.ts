import type { BusinessRecord } from '../tenant/model';
import type { Tenant } from '../tenant/tenant';
import { type Filter, matches, parseFilter } from './filter';
import { jsonAnswer, type ODataAnswer, type ODataAnswers, odataPrefix } from './odata-answers';

/**
 * The reference tenant's OData business-object reads (docs/decisions.md #33, #34): what a caller
 * uses to check that a webhook's Action inserted the record it expected. One function every edge
 * calls; node-free; answers are values.
 */

/** A request as the edges see it; `path` is below the base path, `query` without its `?`. */
export interface ODataRequest {
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly authorization: string | undefined;
  /** The tenant's base URL as the caller reached it (`http://127.0.0.1:4010/HEAT`), for `@odata.context`. */
  readonly tenantUrl: string;
}

/** `$top` when absent, and its cap (inferred, docs/decisions.md #34). */
export const maxTop = 100;

const businessObjectPrefix = `${odataPrefix}businessobject/`;

/** Whether the edge should hand this request to `answerOData`: a GET or HEAD under `/api/odata/`. */
export function isODataRequest(method: string, path: string): boolean {
  return (method === 'GET' || method === 'HEAD') && path.startsWith(odataPrefix);
}

/**
 * The answer to an OData read. Checks run authorization (401), path (404), query options (400).
 * `key` is the hint of the key that read (`…8F90`), for the access log and the call journal.
 */
export function answerOData(
  request: ODataRequest,
  tenant: Tenant,
  answers: ODataAnswers,
): ODataAnswer & { readonly key: string | undefined } {
  const auth = tenant.authorize(request.authorization);
  if (!auth.ok) return { ...answers.odataInvalidSession, key: undefined };
  return { ...readAuthorized(request, tenant, answers), key: auth.key.hint };
}

function readAuthorized(request: ODataRequest, tenant: Tenant, answers: ODataAnswers): ODataAnswer {
  const target = parseTarget(request.path);
  if (target === undefined) return answers.invalidPath;
  const object = businessObjectNamed(tenant, target.name, target.key !== undefined);
  if (object === undefined) return answers.invalidPath;
  const context = `${request.tenantUrl}${odataPrefix}$metadata#${object.plural}`;

  if (target.key !== undefined) {
    const key = target.key.trim();
    if (key === '') return answers.emptyKey;
    const record = tenant.records(object.name).find((candidate) => candidate.recId.toUpperCase() === key.toUpperCase());
    if (record === undefined) return answers.invalidKey;
    return jsonAnswer('record', 200, JSON.stringify({ '@odata.context': `${context}/$entity`, ...fieldsOf(record) }));
  }

  const options = readOptions(request.query, object.fields);
  if ('error' in options) return answers[options.error];
  const { filter, top, skip, select, orderBy } = options;
  let rows = tenant.records(object.name).map(fieldsOf).reverse();
  if (filter) rows = rows.filter((row) => matches(filter, row));
  if (orderBy.length > 0) rows.sort((a, b) => compareBy(orderBy, a, b));
  const count = rows.length;
  const page = rows.slice(skip, skip + top).map((row) => (select ? pick(row, select) : row));
  return jsonAnswer('records', 200, JSON.stringify({ '@odata.context': context, '@odata.count': count, value: page }));
}

/** `businessobject/{name}` or `businessobject/{name}('{key}')`, percent-decoded; undefined for any other path. */
function parseTarget(path: string): { name: string; key: string | undefined } | undefined {
  if (!path.startsWith(businessObjectPrefix)) return undefined;
  let rest: string;
  try {
    rest = decodeURIComponent(path.slice(businessObjectPrefix.length));
  } catch {
    return undefined;
  }
  const open = rest.indexOf('(');
  if (open === -1) return /^[A-Za-z_][A-Za-z0-9_]*$/.test(rest) ? { name: rest, key: undefined } : undefined;
  const name = rest.slice(0, open);
  const inner = rest.slice(open + 1);
  if (!inner.endsWith(')') || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return undefined;
  const quoted = inner.slice(0, -1);
  // ISM's examples quote the key ('…'); a bare key is read as is.
  const key = quoted.length >= 2 && quoted.startsWith("'") && quoted.endsWith("'") ? quoted.slice(1, -1) : quoted;
  return { name, key };
}

interface BusinessObject {
  readonly name: string;
  readonly plural: string;
  /** `RecId`, `CreatedDateTime` and every field an Action maps into this object. */
  readonly fields: ReadonlySet<string>;
}

/** The business object a URL names: its plural in any letter case, or, for a read by key, its singular (the vendor's own examples). */
function businessObjectNamed(tenant: Tenant, urlName: string, byKey: boolean): BusinessObject | undefined {
  const wanted = urlName.toLowerCase();
  const actions = tenant.config.actions.filter((action) => {
    const name = action.insert.businessObject.toLowerCase();
    return wanted === `${name}s` || (byKey && wanted === name);
  });
  const first = actions[0];
  if (first === undefined) return undefined;
  const name = first.insert.businessObject;
  const fields = new Set(['RecId', 'CreatedDateTime', ...actions.flatMap((action) => Object.keys(action.insert.fields))]);
  return { name, plural: `${name.toLowerCase()}s`, fields };
}

/** A record as OData answers it: `RecId`, `CreatedDateTime`, then the mapped fields. */
function fieldsOf(record: BusinessRecord): Record<string, string> {
  return { RecId: record.recId, CreatedDateTime: record.createdAt, ...record.fields };
}

type Options =
  | { filter: Filter | undefined; top: number; skip: number; select: readonly string[] | undefined; orderBy: readonly OrderKey[] }
  | { error: 'invalidFilter' | 'invalidQueryOption' };

interface OrderKey {
  readonly field: string;
  readonly descending: boolean;
}

/** The system query options the reference honours; any other (`$expand`, `$count`, `$search`, `$format`, ...) is refused, never ignored. */
const supportedOptions: ReadonlySet<string> = new Set(['$filter', '$top', '$skip', '$select', '$orderby']);

/** The query options, each read by its first value; any that cannot be honoured is an error value. */
function readOptions(query: string, fields: ReadonlySet<string>): Options {
  const params = new URLSearchParams(query);
  for (const name of params.keys()) if (name.startsWith('$') && !supportedOptions.has(name)) return { error: 'invalidQueryOption' };
  let filter: Filter | undefined;
  const filterText = params.get('$filter');
  if (filterText !== null) {
    const parsed = parseFilter(filterText, fields);
    if (!parsed.ok) return { error: 'invalidFilter' };
    filter = parsed.filter;
  }
  const top = wholeNumber(params.get('$top'), maxTop);
  const skip = wholeNumber(params.get('$skip'), 0);
  if (top === undefined || skip === undefined) return { error: 'invalidQueryOption' };
  const selectText = params.get('$select');
  const select = selectText === null ? undefined : selectText.split(',').map((name) => name.trim());
  if (select?.some((name) => !fields.has(name))) return { error: 'invalidQueryOption' };
  const orderText = params.get('$orderby');
  const orderBy: OrderKey[] = [];
  if (orderText !== null) {
    for (const part of orderText.split(',')) {
      const [field = '', direction = 'asc', ...extra] = part.trim().split(/\s+/);
      if (!fields.has(field) || (direction !== 'asc' && direction !== 'desc') || extra.length > 0) return { error: 'invalidQueryOption' };
      orderBy.push({ field, descending: direction === 'desc' });
    }
  }
  return { filter, top: Math.min(top, maxTop), skip, select, orderBy };
}

function wholeNumber(text: string | null, absent: number): number | undefined {
  if (text === null) return absent;
  return /^\d{1,9}$/.test(text) ? Number(text) : undefined;
}

function compareBy(keys: readonly OrderKey[], a: Record<string, string>, b: Record<string, string>): number {
  for (const { field, descending } of keys) {
    const x = a[field] ?? '';
    const y = b[field] ?? '';
    if (x !== y) return (x < y ? -1 : 1) * (descending ? -1 : 1);
  }
  return 0;
}

function pick(row: Record<string, string>, names: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) out[name] = row[name] ?? '';
  return out;
}
