/**
 * Who may reach the reference tenant from a browser (docs/decisions.md #17). Two checks, both
 * decided here from the request's headers alone, before any route runs:
 *
 * - The Host check, on every route: a DNS-rebinding page reaches the server under a name of its
 *   own, so only an IP literal, `localhost` / `*.localhost` (RFC 6761: always loopback) or a name
 *   the user allows (`serve --allowed-hosts`, as Vite's `server.allowedHosts`) is served.
 * - No cross-site use of `/_mock`: a write must be `Content-Type: application/json` (a page on
 *   another origin can send that only after a CORS preflight, which `/_mock` never grants), and any
 *   request is refused when its `Origin` is not the server's own or its Fetch metadata
 *   (`Sec-Fetch-Site`, W3C Fetch Metadata) says another site sent it; a top-level navigation to
 *   the inspection page (a link followed) is the one cross-site request served.
 */

/** The headers and route of a request, as the edge received them. */
export interface GuardedRequest {
  readonly method: string;
  /** Whether the route is the inspection API (`/_mock/...`). */
  readonly inspection: boolean;
  readonly host: string | undefined;
  readonly origin: string | undefined;
  readonly secFetchSite: string | undefined;
  readonly secFetchMode: string | undefined;
  readonly contentType: string | undefined;
}

/** Names served besides IP literals and `localhost`: exact names, `.example.com` for a domain and its subdomains, or `any`. */
export type AllowedHosts = readonly string[] | 'any';

/** An answer instead of the route's: the edge sends it as is. */
export interface Refusal {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** Methods that change nothing (RFC 9110 9.2.1 safe methods). */
const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The refusal for a request a browser page may not make, or undefined to serve it. */
export function screenRequest(request: GuardedRequest, allowedHosts: AllowedHosts): Refusal | undefined {
  const host = request.host;
  // HTTP/1.0 may omit Host (Node refuses an HTTP/1.1 request without one); a browser always sends it.
  if (host !== undefined && !hostAllowed(host, allowedHosts)) {
    return refusal(
      403,
      `the Host '${cut(host)}' is not served here`,
      `use an IP address or localhost, or start with --allowed-hosts ${cut(hostName(host))}`,
    );
  }
  if (!request.inspection) return undefined;
  const write = !safeMethods.has(request.method);
  if (request.origin !== undefined && !ownOrigin(request.origin, host)) {
    return refusal(
      403,
      `/_mock does not answer pages of another origin ('${cut(request.origin)}')`,
      'open the inspection page on this server, or call /_mock from a program',
    );
  }
  const site = request.secFetchSite;
  const crossSite = site === 'cross-site' || site === 'same-site';
  if (crossSite && (write || request.secFetchMode !== 'navigate')) {
    return refusal(
      403,
      `/_mock does not answer requests another site's page makes (Sec-Fetch-Site: ${site})`,
      'open the inspection page on this server, or call /_mock from a program',
    );
  }
  if (request.method === 'POST' && mediaType(request.contentType) !== 'application/json') {
    return refusal(
      415,
      `/_mock takes JSON only (got Content-Type '${cut(request.contentType ?? '')}')`,
      'send the body with Content-Type: application/json',
    );
  }
  return undefined;
}

/** Whether a Host header (name or IP, with an optional port) may be served. */
export function hostAllowed(host: string, allowedHosts: AllowedHosts): boolean {
  if (allowedHosts === 'any') return true;
  const name = hostName(host).toLowerCase();
  if (isIpLiteral(name) || name === 'localhost' || name.endsWith('.localhost')) return true;
  return allowedHosts.some((allowed) => {
    const wanted = allowed.toLowerCase();
    return wanted.startsWith('.') ? name === wanted.slice(1) || name.endsWith(wanted) : name === wanted;
  });
}

/** The name of a Host header without its port: `[::1]:4010` -> `[::1]`, `example.com:80` -> `example.com`; a trailing dot dropped. */
function hostName(host: string): string {
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.replace(port, '');
  return name.endsWith('.') ? name.slice(0, -1) : name;
}

const port = /:\d*$/;

/** An IPv4 address in dotted decimal, or an IPv6 address in brackets (RFC 3986 3.2.2): names only rebind. */
function isIpLiteral(name: string): boolean {
  if (name.startsWith('[') && name.endsWith(']')) return /^[0-9a-f:.]+$/.test(name.slice(1, -1)) && name.includes(':');
  return ipv4.test(name);
}

/** Four numbers of one to three digits, each at most 255, joined by dots. */
const ipv4 = /^(?:(?:25[0-5]|2[0-4]\d|[01]?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d?\d)$/;

/** The server's own origin is its Host, over http or https (a TLS proxy in front). `null` (a sandboxed or file page) is never own. */
function ownOrigin(origin: string, host: string | undefined): boolean {
  if (host === undefined) return false;
  const wanted = host.toLowerCase();
  const given = origin.toLowerCase();
  return given === `http://${wanted}` || given === `https://${wanted}`;
}

/** The media type of a Content-Type header, lower case, without parameters. */
function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/** Header text echoed in a message: at most 100 characters. */
function cut(text: string): string {
  return text.length > 100 ? `${text.slice(0, 100)}…` : text;
}

function refusal(status: number, error: string, fix: string): Refusal {
  const body = JSON.stringify({ error, fix }, null, 2);
  return {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'X-Content-Type-Options': 'nosniff' },
    body,
  };
}
