import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * CORS for a browser app that calls the reference tenant directly (`serve --cors`). A real tenant
 * is called server to server and sends none of this, so it is off by default. With it on, every
 * answer allows any origin, and a preflight (OPTIONS with Access-Control-Request-Method) is
 * answered 204 (by the edge) and runs nothing.
 */
export function applyCors(req: IncomingMessage, res: ServerResponse): 'preflight' | 'continue' {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Expose-Headers', 'Allow, Preference-Applied');
  return req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined ? 'preflight' : 'continue';
}

/** The preflight's own answer headers (the edge sends it: 204, no body). */
export const preflightHeaders: Readonly<Record<string, string>> = {
  'Access-Control-Allow-Methods': 'POST',
  'Access-Control-Allow-Headers': 'Authorization, Content-Type, Prefer',
  'Access-Control-Max-Age': '600',
};
