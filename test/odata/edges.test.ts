/**
 * OData reads against the reference tenant, the same table through every edge: node:http, the
 * fetch handler and MSW (setupServer). Records are inserted through Execute first, as a webhook
 * would, then read back.
 */
import { setupServer } from 'msw/node';
import { createTenantFetch } from '../../src/fetch';
import { createTenantHandlers } from '../../src/msw';
import { contract, defaultTenant, keys, startTenant } from '../helpers/tenant';

const config = defaultTenant();
const odata = (name: keyof typeof contract.odata): [number, unknown] => [
  contract.odata[name].status,
  JSON.parse(contract.odata[name].body),
];

/** One way to send a request to a fresh reference tenant; closes it after. */
interface Edge {
  readonly name: string;
  open(
    basePath: string,
  ): Promise<{ base: string; send: (url: string, init?: RequestInit) => Promise<Response>; close: () => Promise<void> }>;
}

let recIds = 0;
const newRecordId = () => `REC${String(++recIds).padStart(29, '0')}`;

const edges: Edge[] = [
  {
    name: 'node:http',
    async open(basePath) {
      const { tenant, url } = await startTenant({ basePath, newRecordId });
      return { base: url, send: (target, init) => fetch(target, init), close: () => tenant.close() };
    },
  },
  {
    name: 'fetch handler',
    async open(basePath) {
      const handle = createTenantFetch({ contract, tenant: config, basePath, newRecordId });
      return {
        base: `https://tenant.example.test${basePath}`,
        send: (target, init) => handle(new Request(target, init)),
        close: async () => undefined,
      };
    },
  },
  {
    name: 'MSW',
    async open(basePath) {
      const base = `https://tenant.example.test${basePath}`;
      const { handlers } = createTenantHandlers({ tenantUrl: base, contract, tenant: config, newRecordId });
      const server = setupServer(...handlers);
      server.listen({ onUnhandledRequest: 'error' });
      return { base, send: (target, init) => fetch(target, init), close: async () => server.close() };
    },
  },
];

const auth = { Authorization: keys.header };
const insert = async (send: (url: string, init?: RequestInit) => Promise<Response>, base: string, body: object) => {
  const response = await send(`${base}/api/rest/Webhooks/Execute?extension=MyTestWebhook`, {
    method: 'POST',
    headers: { ...auth, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
};

const first = (base: string) => ({ RecId: 'x', CreatedDateTime: 'x', Subject: 'first', Symptom: '', Priority: '1', Source: '', base });

type Case = [label: string, path: string, headers: Record<string, string>, want: (base: string) => [number, unknown]];
const cases: Case[] = [
  [
    'a filter on the marker finds the record',
    "/api/odata/businessobject/incidents?$filter=Subject eq 'first'",
    auth,
    (b) => [200, list(b, 1, [first(b)])],
  ],
  ['no filter lists the newest first', '/api/odata/businessobject/incidents', auth, (b) => [200, list(b, 2, [second(b), first(b)])]],
  [
    '$top and $skip page, counting every match',
    '/api/odata/businessobject/incidents?$top=1&$skip=1',
    auth,
    (b) => [200, list(b, 2, [first(b)])],
  ],
  ['$orderby asc', '/api/odata/businessobject/incidents?$orderby=Priority asc', auth, (b) => [200, list(b, 2, [first(b), second(b)])]],
  [
    '$select answers only those fields',
    '/api/odata/businessobject/Incidents?$select=Subject,Priority&$filter=Priority gt 1',
    auth,
    (b) => [200, list(b, 1, [{ Subject: 'second', Priority: '2' }])],
  ],
  [
    'or over two records',
    "/api/odata/businessobject/incidents?$filter=Subject eq 'first' or Subject eq 'second'&$orderby=Subject",
    auth,
    (b) => [200, list(b, 2, [first(b), second(b)])],
  ],
  ['nothing matches: an empty list', "/api/odata/businessobject/incidents?$filter=Subject eq 'none'", auth, (b) => [200, list(b, 0, [])]],
  [
    'a record by its RecId',
    `/api/odata/businessobject/incidents('${'REC'}ID1')`,
    auth,
    (b) => [200, { '@odata.context': `${b}/api/odata/$metadata#incidents/$entity`, ...first(b), base: undefined }],
  ],
  [
    'a record by RecId, the singular name',
    "/api/odata/businessobject/incident('REC' + 'ID1')",
    auth,
    (b) => [200, { '@odata.context': `${b}/api/odata/$metadata#incidents/$entity`, ...first(b), base: undefined }],
  ],
  ['a RecId that names no record', "/api/odata/businessobject/incidents('0000')", auth, () => odata('invalidKey')],
  ['an empty RecId', "/api/odata/businessobject/incidents('  ')", auth, () => odata('emptyKey')],
  ['a bad filter', "/api/odata/businessobject/incidents?$filter=Subject like 'x'", auth, () => odata('invalidFilter')],
  ['a filter on an unknown field', "/api/odata/businessobject/incidents?$filter=Nope eq 'x'", auth, () => odata('invalidFilter')],
  ['a $top that is not a number', '/api/odata/businessobject/incidents?$top=ten', auth, () => odata('invalidQueryOption')],
  ['a $select of an unknown field', '/api/odata/businessobject/incidents?$select=Nope', auth, () => odata('invalidQueryOption')],
  ['an unknown business object', '/api/odata/businessobject/alertssdf', auth, () => odata('invalidPath')],
  ['no business object', '/api/odata/businessobject', auth, () => odata('invalidPath')],
  ['the singular name for a list', '/api/odata/businessobject/incident', auth, () => odata('invalidPath')],
  ['no key', '/api/odata/businessobject/incidents', {}, () => odata('odataInvalidSession')],
  [
    'a deactivated key',
    '/api/odata/businessobject/incidents',
    { Authorization: keys.deactivatedHeader },
    () => odata('odataInvalidSession'),
  ],
  [
    'a deactivated key on an unknown path',
    '/api/odata/businessobject/alertssdf',
    { Authorization: keys.deactivatedHeader },
    () => odata('odataInvalidSession'),
  ],
];

function second(base: string) {
  return { ...first(base), Subject: 'second', Priority: '2' };
}
function list(base: string, count: number, value: object[]) {
  return { '@odata.context': `${base}/api/odata/$metadata#incidents`, '@odata.count': count, value };
}

/** RecIds and times vary: compare with them masked, and the record's RecId checked apart. */
function masked(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(masked);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, field]) => [key, key === 'RecId' || key === 'CreatedDateTime' ? 'x' : masked(field)]),
  );
}

describe.each(edges.flatMap((edge) => ['', '/HEAT'].map((basePath) => [edge.name, basePath || '(no base path)', edge, basePath] as const)))(
  '%s %s',
  (_name, _label, edge, basePath) => {
    test.each(cases)('%s', async (_case, path, headers, want) => {
      recIds = 0;
      const { base, send, close } = await edge.open(basePath);
      try {
        await insert(send, base, { Subject: 'first', Priority: '1' });
        await insert(send, base, { Subject: 'second', Priority: '2' });
        const target = path.replace("'REC' + 'ID1'", `'REC${'0'.repeat(28)}1'`).replace("'RECID1'", `'REC${'0'.repeat(28)}1'`);
        const response = await send(`${base}${target}`, { headers });
        const [status, expected] = want(base);
        const text = await response.text();
        expect(response.status).toBe(status);
        expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
        const got = JSON.parse(text) as Record<string, unknown>;
        if (status === 200) {
          const strip = (row: unknown) => {
            const { base: _b, ...rest } = row as Record<string, unknown>;
            return rest;
          };
          const wanted = expected as Record<string, unknown>;
          const cleaned = Array.isArray(wanted.value) ? { ...wanted, value: wanted.value.map(strip) } : strip(wanted);
          expect(masked(got)).toEqual(cleaned);
          // Every 200 fits the spec's schema for its operation.
          const operation = path.includes('(')
            ? "/api/odata/businessobject/{collection}('{recId}')"
            : '/api/odata/businessobject/{collection}';
          expect(contract.validators.response('get', 200, 'application/json', got, operation)).toEqual({ valid: true });
          if (path.includes("('")) expect(got.RecId).toBe(`REC${'0'.repeat(28)}1`);
        } else {
          // The spec's bytes, exactly.
          expect(text).toBe(JSON.stringify(expected));
        }
      } finally {
        await close();
      }
    });
  },
);
