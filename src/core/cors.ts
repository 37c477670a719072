/**
 * CORS for a browser app that calls the reference tenant directly (`serve --cors`). A real tenant
 * is called server to server and sends none of this, so it is off by default. With it on, every
 * answer outside `/_mock/` allows any origin, and a preflight (OPTIONS with
 * Access-Control-Request-Method) is answered 204 and runs nothing.
 */
export const corsHeaders: Readonly<Record<string, string>> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': 'Allow, Preference-Applied',
};

/** Whether a request is a CORS preflight. */
export const isPreflight = (method: string, requestMethod: string | undefined): boolean =>
  method === 'OPTIONS' && requestMethod !== undefined;

/** The preflight's own answer headers (204, no body). */
export const preflightHeaders: Readonly<Record<string, string>> = {
  ...corsHeaders,
  'Access-Control-Allow-Methods': 'POST',
  'Access-Control-Allow-Headers': 'Authorization, Content-Type, Prefer',
  'Access-Control-Max-Age': '600',
};
