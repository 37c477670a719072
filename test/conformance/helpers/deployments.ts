import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Answer } from '../../../src/contract';
import type { Delivery, Rendered } from './stand-in';

/*
 * What sits in front of a tenant as it is really deployed, written apart from the reference
 * tenant: deliveries (how the stand-in's answer goes on the wire: IIS, a load balancer that
 * resets, a stalled body) and whole servers that are not the ISM API at all (a login front end,
 * an http->https rewrite, a wrong base path, a plain web server, a failing gateway).
 */

/** IIS in front of the API: its own headers, charset=utf-8, chunked answers, and a 200 with no body. */
export const iisDelivery: Delivery = (res, rendered, answer) => {
  res.writeHead(rendered.status, {
    ...rendered.headers,
    Server: 'Microsoft-IIS/10.0',
    'X-Powered-By': 'ASP.NET',
    'X-AspNet-Version': '4.0.30319',
    'Cache-Control': 'private',
  });
  const body = answer.status === 200 ? '' : rendered.body;
  // Two writes without a Content-Length: the answer goes chunked.
  res.write(body.slice(0, 10));
  res.end(body.slice(10));
};

/** Headers out, then a TCP reset a moment later (a load balancer cutting the connection). */
export function resetAfterHeaders(when: (answer: Answer) => boolean): Delivery {
  return (res, rendered, answer) => {
    if (!when(answer)) return plain(res, rendered);
    res.writeHead(rendered.status, { ...rendered.headers, 'Content-Length': String(Buffer.byteLength(rendered.body)) });
    res.flushHeaders();
    setTimeout(() => res.socket?.resetAndDestroy(), 50);
  };
}

/** The request read, then a TCP reset instead of any answer. */
export function resetBeforeHeaders(when: (answer: Answer) => boolean): Delivery {
  return (res, rendered, answer) => (when(answer) ? res.socket?.resetAndDestroy() : plain(res, rendered));
}

/** Headers and the first bytes out, then the body stalls (a slow backend behind a proxy). */
export function stalledBody(when: (answer: Answer) => boolean): Delivery {
  return (res, rendered, answer) => {
    if (!when(answer)) return plain(res, rendered);
    res.writeHead(rendered.status, { ...rendered.headers, 'Content-Length': String(Buffer.byteLength(rendered.body)) });
    res.write(rendered.body.slice(0, 5));
  };
}

function plain(res: http.ServerResponse, rendered: Rendered): void {
  res.writeHead(rendered.status, { ...rendered.headers, 'Content-Length': String(Buffer.byteLength(rendered.body)) }).end(rendered.body);
}

export interface RawServer {
  readonly baseUrl: string;
  close(): Promise<void>;
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, port: number) => void;

/** A server that reads each request whole and answers with the handler, on 127.0.0.1 and a free port. */
export async function startRawServer(handler: Handler): Promise<RawServer> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => handler(req, res, (server.address() as AddressInfo).port));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const iisPage = (status: number, title: string): string =>
  `<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN">\r\n<html><head><title>IIS 10.0 Detailed Error - ${status} - ${title}</title></head><body><h1>${title}</h1></body></html>`;

/** A login front end: every request is sent to the sign-in page. */
export const loginFrontEnd: Handler = (req, res) => {
  const page = '<html><head><title>Object moved</title></head><body><h2>Object moved to <a href="/login">here</a>.</h2></body></html>';
  res
    .writeHead(302, {
      Location: `/login?ReturnUrl=${encodeURIComponent(req.url ?? '/')}`,
      'Content-Type': 'text/html; charset=utf-8',
      Server: 'Microsoft-IIS/10.0',
    })
    .end(page);
};

/** An http->https rewrite rule: every request moved permanently to the same URL over https. */
export const httpsRewrite: Handler = (req, res, port) => {
  res
    .writeHead(301, {
      Location: `https://127.0.0.1:${port}${req.url ?? '/'}`,
      'Content-Type': 'text/html; charset=UTF-8',
      Server: 'Microsoft-IIS/10.0',
    })
    .end(iisPage(301, 'Moved Permanently'));
};

/** The API lives under /HEAT: anything else is IIS's 404 page. */
export const wrongBasePath: Handler = (_req, res) => {
  res.writeHead(404, { 'Content-Type': 'text/html', Server: 'Microsoft-IIS/10.0' }).end(iisPage(404, 'Not Found'));
};

/** `python3 -m http.server`: GET of a missing file is 404, any POST is 501, both as HTML pages. */
export const plainWebServer: Handler = (req, res) => {
  const status = req.method === 'GET' || req.method === 'HEAD' ? 404 : 501;
  const message = status === 404 ? 'File not found' : `Unsupported method ('${req.method ?? ''}')`;
  const page = `<!DOCTYPE HTML>\n<html lang="en">\n    <head><title>Error response</title></head>\n    <body><h1>Error response</h1><p>Error code: ${status}</p><p>Message: ${message}.</p></body>\n</html>\n`;
  res
    .writeHead(status, message, { Server: 'SimpleHTTP/0.6 Python/3.11.2', 'Content-Type': 'text/html;charset=utf-8', Connection: 'close' })
    .end(page);
};

/** A gateway whose backend is down: 502 for everything, in plain text. */
export const failingGateway: Handler = (_req, res) => {
  res.writeHead(502, { 'Content-Type': 'text/plain', Server: 'awselb/2.0' }).end('502 Bad Gateway');
};
