/**
 * The one loopback rule: an address in 127.0.0.0/8 (RFC 1122), `::1` (RFC 4291), either as IPv4
 * mapped into IPv6 (`::ffff:127.0.0.1`, as Node reports a dual-stack socket's peer), or the name
 * `localhost`. Takes a socket's remote address or a URL's hostname (brackets allowed).
 */
export function isLoopback(address: string | undefined): boolean {
  if (address === undefined) return false;
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  return bare === '::1' || bare === 'localhost' || /^(::ffff:)?127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare);
}
