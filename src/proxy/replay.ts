import type { BodyRead } from '../tenant/body-limit';
import type { Cassette, ExchangeMatch, KeyStanding, RecordedExchange, SizeClass } from './cassette';

/**
 * The matcher of `serve --replay FILE` (docs/decisions.md #37), and the one definition of what
 * tells exchanges apart, which the recording proxy uses too. No I/O: the cassette comes loaded.
 */

/** The key's form alone: `documented` for `rest_api_key=KEY`; whether the tenant takes it is the caller's to add. */
export function keyForm(authorization: string | undefined): 'documented' | 'none' | 'bearer' | 'bare' {
  const auth = authorization?.trim();
  if (auth === undefined || auth === '') return 'none';
  if (/^bearer\s/i.test(auth)) return 'bearer';
  return auth.startsWith('rest_api_key=') ? 'documented' : 'bare';
}

/** The key's standing: its form, and for the documented form whether the tenant took it. */
export function keyStanding(authorization: string | undefined, accepted: boolean): KeyStanding {
  const form = keyForm(authorization);
  return form === 'documented' ? (accepted ? 'accepted' : 'refused') : form;
}

/** The declared media type, lower case, without parameters; '' when none. */
export function mediaTypeOf(contentType: string | undefined): string {
  return (contentType?.split(';', 1)[0] ?? '').trim().toLowerCase();
}

/** The body's size class, from the tenant's own counting (BodyCollector). */
export function sizeClass(body: BodyRead): SizeClass {
  if (!body.ok) return body.reason === 'too-long' ? 'over' : 'within';
  return body.bytes.length === 0 ? 'empty' : 'within';
}

export interface ReplayRequest {
  readonly method: string;
  /** The path under the base path. */
  readonly path: string;
  readonly extension: string | undefined;
  readonly authorization: string | undefined;
  /** Whether the replaying tenant knows the key (a replay has no real tenant to ask). */
  readonly keyAccepted: boolean;
  readonly contentType: string | undefined;
  readonly size: SizeClass;
}

export function matchOf(request: ReplayRequest): ExchangeMatch {
  return {
    method: request.method,
    path: request.path,
    extension: request.extension ?? '',
    key: keyStanding(request.authorization, request.keyAccepted),
    contentType: mediaTypeOf(request.contentType),
    size: request.size,
  };
}

function same(a: ExchangeMatch, b: ExchangeMatch): boolean {
  return (
    a.method === b.method &&
    a.path === b.path &&
    a.extension === b.extension &&
    a.key === b.key &&
    a.contentType === b.contentType &&
    a.size === b.size
  );
}

/** The recorded exchange a request matches (the first recorded), or undefined: then the model answers. */
export function findReplay(cassette: Cassette, request: ReplayRequest): RecordedExchange | undefined {
  const wanted = matchOf(request);
  return cassette.exchanges.find((exchange) => same(exchange.match, wanted));
}

/**
 * The size class a request's framing alone tells, or undefined when it cannot: a chunked body
 * (Transfer-Encoding), or a length whose characters must be counted to know (between the limit
 * and three bytes a character). No Content-Length and no Transfer-Encoding: no body (RFC 9112
 * 6.3). A replay answers only what it can match without reading the body; the rest goes to the model.
 */
export function sizeFromFraming(
  contentLength: string | undefined,
  transferEncoding: string | undefined,
  maxCharacters: number,
): SizeClass | undefined {
  if (transferEncoding !== undefined) return undefined;
  if (contentLength === undefined) return 'empty';
  if (!/^\d+$/.test(contentLength)) return undefined;
  const length = Number(contentLength);
  if (length === 0) return 'empty';
  if (length <= maxCharacters) return 'within';
  return length > maxCharacters * 3 ? 'over' : undefined;
}
