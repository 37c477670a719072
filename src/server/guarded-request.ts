import type { IncomingMessage } from 'node:http';
import type { GuardedRequest } from '../core/request-guard';

/** What the request guard (src/core/request-guard.ts) reads of a node:http request. */
export function guardedRequest(req: IncomingMessage, inspection: boolean): GuardedRequest {
  const headers = req.headers;
  return {
    method: req.method ?? 'GET',
    inspection,
    host: headers.host,
    origin: headers.origin,
    secFetchSite: one(headers['sec-fetch-site']),
    secFetchMode: one(headers['sec-fetch-mode']),
    contentType: headers['content-type'],
  };
}

function one(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(',') : value;
}
