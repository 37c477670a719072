import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';

/**
 * Upstream tenants for the proxy's tests, written apart from the reference: plain node:http
 * servers answering from the vendor page's own bytes, each shaped like a real deployment (IIS in
 * front, a login front end, a tenant that answers some inferred cases otherwise), plus the bad
 * ones (down, slow, hostile). None uses the reference tenant's code.
 */

export const standInKey = 'PROXYSTANDIN0KEY0000000000000A1B';
export const webhook = 'MyTestWebhook';

/** The vendor page's bodies, typed from the page (not from the spec: the proxy judges them against it). */
export const vendorBodies = {
  invalidKey: '{"code":"ISM_4001","description":"Invalid Session key or Authentication token","message":"","help":""}',
  missingExtension:
    '{"ErrorCode":"UnhandledSystemException-","Message":"Unhandled system exception: Webhook validation failed for Execute operation. Errors: You must enter an endpoint extension to your base URL. "}',
  doesNotExist: '{"ErrorCode":"UnhandledSystemException-","Message":"Unhandled system exception: This webhook extension doesn\'t exist."}',
  tooLong:
    '{"ErrorCode":"UnhandledSystemException-","Message":"Unhandled system exception: Request Body must be less than or equal to 100,000 characters"}',
} as const;

export const iisHeaders: Readonly<Record<string, string>> = {
  Server: 'Microsoft-IIS/10.0',
  'X-Powered-By': 'ASP.NET',
  'X-AspNet-Version': '4.0.30319',
  'Cache-Control': 'private',
};

export interface Upstream {
  readonly url: string;
  /** Requests it received: method, url, headers (lower case). */
  readonly received: { method: string; url: string; headers: http.IncomingHttpHeaders; body: Buffer }[];
  close(): Promise<void>;
}

type Answer = { status: number; headers: Record<string, string>; body: string | Buffer };
type Decide = (req: http.IncomingMessage, body: Buffer) => Answer;

const json = (status: number, body: string, extra: Record<string, string> = {}): Answer => ({
  status,
  headers: { ...iisHeaders, 'Content-Type': 'application/json; charset=utf-8', ...extra },
  body,
});

/** An ISM tenant behind IIS: the documented checks, and its own (different) words for a format problem when `differs`. */
function ismTenant(differs: boolean): Decide {
  return (req, body) => {
    if (req.headers.authorization !== `rest_api_key=${standInKey}`) return json(401, vendorBodies.invalidKey);
    const extension = new URL(req.url ?? '/', 'http://x').searchParams.get('extension');
    if (!extension) return json(400, vendorBodies.missingExtension);
    if (extension !== webhook) return json(400, vendorBodies.doesNotExist);
    const text = body.toString('utf8');
    if (text.length > 100_000) return json(400, vendorBodies.tooLong);
    try {
      JSON.parse(text);
    } catch {
      // Where the vendor is silent: this tenant's own words (the 'differs' stand-in) or a 500.
      return differs
        ? json(400, '{"ErrorCode":"UnhandledSystemException-","Message":"Unhandled system exception: Invalid JSON payload. "}')
        : json(
            500,
            '{"ErrorCode":"UnhandledSystemException-","Message":"Unhandled system exception: Object reference not set to an instance of an object."}',
          );
    }
    // The bytes of a 200 are undocumented; IIS sends an empty JSON string here, plus a session cookie.
    return {
      status: 200,
      headers: {
        ...iisHeaders,
        'Content-Type': 'application/json; charset=utf-8',
        'Set-Cookie': 'ASP.NET_SessionId=abc123; path=/; HttpOnly',
      },
      body: '""',
    };
  };
}

/** A login front end (SSO portal) in front of the tenant: every request gets its HTML page. */
const loginFrontEnd: Decide = () => ({
  status: 200,
  headers: { Server: 'BIG-IP', 'Content-Type': 'text/html; charset=utf-8' },
  body: '<!DOCTYPE html><html><head><title>Sign in</title></head><body><form action="/login">...</form></body></html>',
});

async function start(server: http.Server, scheme: 'http' | 'https'): Promise<{ url: string; sockets: Set<Socket> }> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `${scheme}://${scheme === 'https' ? 'localhost' : '127.0.0.1'}:${port}`, sockets };
}

function closer(server: http.Server, sockets: Set<Socket>): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
}

const fixtures = path.join(__dirname, '..', 'fixtures');
export const testCaFile = path.join(fixtures, 'test-ca.pem');

/** An upstream answering with `decide`: `iis`, `differs`, `login`; over https with the test CA when asked. */
export async function answeringUpstream(kind: 'iis' | 'differs' | 'login', scheme: 'http' | 'https' = 'http'): Promise<Upstream> {
  const decide = kind === 'login' ? loginFrontEnd : ismTenant(kind === 'differs');
  const received: Upstream['received'] = [];
  const handler: http.RequestListener = (req, res) => {
    // No Date header: recordings of the stand-ins are committed, and must come out the same each time.
    res.sendDate = false;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const answer = decide(req, body);
      res.writeHead(answer.status, { ...answer.headers, 'Content-Length': String(Buffer.byteLength(answer.body)) });
      res.end(answer.body);
    });
  };
  const server =
    scheme === 'https'
      ? https.createServer(
          {
            key: fs.readFileSync(path.join(fixtures, 'localhost-key.pem')),
            cert: fs.readFileSync(path.join(fixtures, 'localhost-cert.pem')),
          },
          handler,
        )
      : http.createServer(handler);
  const { url, sockets } = await start(server, scheme);
  return { url, received, close: closer(server, sockets) };
}

/** Bad upstreams: `down` (nothing listens), `slow` (never answers), `endless` (a body that never ends), `huge-headers`, `reset`. */
export async function badUpstream(kind: 'down' | 'slow' | 'endless' | 'huge-headers' | 'reset'): Promise<Upstream> {
  const received: Upstream['received'] = [];
  const server = http.createServer((req, res) => {
    received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.alloc(0) });
    req.resume();
    if (kind === 'slow') return;
    if (kind === 'reset') return req.socket.resetAndDestroy();
    if (kind === 'huge-headers') {
      res.writeHead(200, { 'X-Filler': 'x'.repeat(64 * 1024) });
      res.end('{}');
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json' });
    const piece = Buffer.alloc(64 * 1024, 0x20);
    const more = (): void => {
      while (res.write(piece));
      res.once('drain', more);
    };
    more();
  });
  const { url, sockets } = await start(server, 'http');
  if (kind === 'down') {
    await closer(server, sockets)();
    return { url, received, close: async () => undefined };
  }
  return { url, received, close: closer(server, sockets) };
}
