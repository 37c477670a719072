/**
 * The parts of a request target the pipeline reads, without building a URL object per request.
 * `extension` is the first `extension` query parameter, percent-decoded; an empty one counts as
 * omitted (inferred, docs/decisions.md #3); a repeated one uses its first value (inferred).
 */
export interface RequestTarget {
  readonly path: string;
  readonly extension: string | undefined;
  readonly query: string;
}

export function parseRequestTarget(target: string): RequestTarget {
  const url = originForm(target);
  const mark = url.indexOf('?');
  if (mark === -1) return { path: url, extension: undefined, query: '' };
  const query = url.slice(mark + 1);
  const extension = firstParam(query, 'extension');
  return { path: url.slice(0, mark), extension: extension === null || extension === '' ? undefined : extension, query };
}

/**
 * A target in absolute-form (`http://host:port/path?query`, as proxies send it) as its path and
 * query: a server MUST accept it (RFC 9112, 3.2.2), and its authority names this server, whatever
 * the name (the guard screens it as the Host, `targetAuthority`; docs/decisions.md #17, #21). Anything
 * else is returned as it is.
 */
export function originForm(target: string): string {
  if (target.charCodeAt(0) === 47) return target;
  const scheme = /^https?:\/\//i.exec(target);
  if (!scheme) return target;
  const rest = target.slice(scheme[0].length);
  const end = rest.search(/[/?#]/);
  if (end === -1 || rest[end] === '#') return '/';
  const fragment = rest.indexOf('#', end);
  const path = fragment === -1 ? rest.slice(end) : rest.slice(end, fragment);
  return path.startsWith('?') ? `/${path}` : path;
}

/**
 * The authority of an absolute-form target, which names the server in place of `Host` (RFC 9112,
 * 3.2.2: a server MUST ignore Host then): `undefined` for any other target, `false` for one that
 * is not `host[:port]` (RFC 3986 3.2: a name, an IPv4 address or a bracketed IPv6 address; no
 * user info; a port of at most 65535).
 */
export function targetAuthority(target: string): string | undefined | false {
  if (target.charCodeAt(0) === 47) return undefined;
  const absolute = /^https?:\/\/([^/?#]*)/i.exec(target);
  if (!absolute) return undefined;
  const authority = absolute[1] as string;
  const parts = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._~!$&'()*+,;=%-]+)(?::(\d{0,5}))?$/.exec(authority);
  if (!parts || Number(parts[2] ?? 0) > 65535) return false;
  return authority;
}

/**
 * The scheme and authority a caller reached the tenant by: an absolute-form target's own (as the
 * fetch edge sees every request), else `http://` and the Host header (127.0.0.1 when it has none).
 */
export function requestOrigin(target: string, host: string | undefined): string {
  const absolute = /^https?:\/\/[^/?#]*/i.exec(target);
  return absolute ? absolute[0] : `http://${host ?? '127.0.0.1'}`;
}

/**
 * The first value of a query parameter, decoded as URLSearchParams decodes it. The common case,
 * a query without `%` or `+`, is read directly; anything encoded goes through URLSearchParams.
 */
function firstParam(query: string, name: string): string | null {
  if (query.includes('%') || query.includes('+')) return new URLSearchParams(query).get(name);
  // Each `&`-separated part in turn, without splitting the query into an array.
  for (let start = 0; start <= query.length; ) {
    const amp = query.indexOf('&', start);
    const end = amp === -1 ? query.length : amp;
    const equals = query.indexOf('=', start);
    const keyEnd = equals === -1 || equals > end ? end : equals;
    if (keyEnd - start === name.length && query.startsWith(name, start)) return keyEnd === end ? '' : query.slice(keyEnd + 1, end);
    start = end + 1;
  }
  return null;
}

/** A base path: '' or segments such as `/HEAT`, without a trailing slash, query or fragment. */
export function parseBasePath(value: string): { ok: true; value: string } | { ok: false; message: string } {
  const trimmed = value.replace(/\/+$/, '');
  if (trimmed === '') return { ok: true, value: '' };
  if (!/^(\/[A-Za-z0-9._~-]+)+$/.test(trimmed))
    return { ok: false, message: `--base-path must be a path such as /HEAT (letters, digits, . _ ~ -), got '${value}'` };
  return { ok: true, value: trimmed };
}

/**
 * On premises the REST API lives under a base path (`/HEAT`): the path is read below it, and a
 * path outside it is not found (as IIS answers for an application that is not there).
 */
export function underBasePath(target: RequestTarget, basePath: string): RequestTarget {
  if (basePath === '') return target;
  if (target.path.startsWith(`${basePath}/`)) return { ...target, path: target.path.slice(basePath.length) };
  return { ...target, path: '' };
}
