import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A tenant written apart from the reference, shaped like another OData implementation, for
 * `conform --verify-record`: Execute inserts an Incident (Subject and Priority from the JSON body);
 * its OData answers put fields in another order, add `@odata.etag`/`@odata.id` annotations, answer
 * Priority as a number, fail `$metadata` with a 500, and find a new record only from the second
 * read on (a slow index). `readable: false` refuses the key on OData (a role that may not read).
 */
export const odataStandInKey = 'ODATA0STANDIN0KEY000000000000A11';

export interface ODataStandIn {
  readonly url: string;
  /** OData reads answered, by path and query. */
  readonly reads: string[];
  close(): Promise<void>;
}

interface Row {
  readonly id: string;
  readonly subject: string;
  readonly priority: string;
  /** Reads of the list that have not yet seen it (the index catches up on the second). */
  unseen: number;
}

export async function startODataStandIn(options: { readable?: boolean } = {}): Promise<ODataStandIn> {
  const rows: Row[] = [];
  const reads: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://stand-in');
      const send = (status: number, body: unknown) => {
        const text = JSON.stringify(body);
        res.writeHead(status, { 'Content-Type': 'application/json; odata.metadata=minimal', 'Content-Length': Buffer.byteLength(text) });
        res.end(text);
      };
      const keyOk = req.headers.authorization === `rest_api_key=${odataStandInKey}`;
      if (url.pathname === '/api/rest/Webhooks/Execute' && req.method === 'POST') {
        if (!keyOk)
          return send(401, { code: 'ISM_4001', description: 'Invalid Session key or Authentication token', message: '', help: '' });
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { Subject?: string; Priority?: string };
        rows.push({
          id: `F${String(rows.length).padStart(31, '0')}`,
          subject: body.Subject ?? '',
          priority: body.Priority ?? '',
          unseen: 1,
        });
        return send(200, {});
      }
      if (url.pathname.startsWith('/api/odata/')) {
        reads.push(`${url.pathname}${url.search}`);
        if (url.pathname === '/api/odata/$metadata') return send(500, { code: 'ISM_5000', message: ['Unhandled system exception'] });
        if (!keyOk || options.readable === false)
          return send(401, {
            code: 'ISM_4001',
            description: 'Invalid session key or session timed out',
            message: ['Authentication required'],
            help: '',
          });
        if (url.pathname !== '/api/odata/businessobject/incidents')
          return send(404, { code: 'ISM_4004', description: 'Not Found', message: ['Requested resource not found'] });
        // Only `Subject eq '…'` is understood: enough for the read-back, and nothing like the reference's parser.
        const match = /^Subject eq '((?:[^']|'')*)'$/.exec(url.searchParams.get('$filter') ?? '');
        const wanted = match?.[1]?.replace(/''/g, "'");
        const visible = rows.filter((row) => {
          const seen = row.unseen === 0;
          row.unseen = Math.max(0, row.unseen - 1);
          return seen && (wanted === undefined || row.subject === wanted);
        });
        return send(200, {
          '@odata.context': `http://${req.headers.host}/api/odata/$metadata#incidents`,
          value: visible.map((row) => ({
            '@odata.etag': `W/"${row.id}"`,
            '@odata.id': `incidents('${row.id}')`,
            Priority: Number(row.priority),
            Status: 'Logged',
            Subject: row.subject,
            RecId: row.id,
          })),
        });
      }
      send(404, { code: 'ISM_4004', description: 'Not Found', message: ['Requested resource not found'] });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    reads,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
