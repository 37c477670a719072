import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * CORS for a browser app that calls the reference tenant directly (`serve --cors`). A real tenant
 * is called server to server and sends none of this, so it is off by default. With it on, every
 * answer allows any origin, and a preflight (OPTIONS with Access-Control-Request-Method) is
 * answered 204 and runs nothing.
 */
export function applyCors(req: IncomingMessage, res: ServerResponse): 'preflight-answered' | 'continue' {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Expose-Headers', 'Allow, Preference-Applied');
  if (req.method !== 'OPTIONS' || req.headers['access-control-request-method'] === undefined) return 'continue';
  res.writeHead(204, {
    'Access-Control-Allow-Methods': 'POST',
    'Access-Control-Allow-Headers': 'Authorization, Content-Type, Prefer',
    'Access-Control-Max-Age': '600',
  });
  res.end();
  return 'preflight-answered';
}
