import type { IncomingMessage } from 'node:http';
import type { RequestReader, TextRead } from '../core/pipeline';
import { packHeaders } from '../redact';
import { BodyCollector, type BodyRead } from '../tenant/body-limit';
import { connectionOf } from './connections';
import { nodeBytes } from './node-bytes';
import { mustCloseUnread } from './unread-body';

/**
 * Reads a node:http request body within the character limit and calls `done` once with the body
 * or the reason there is none; past the limit it stops reading (nothing more is taken in). A
 * callback rather than a promise: this is on every request's path.
 */
export function readRequestBody(req: IncomingMessage, maxCharacters: number, done: (result: BodyRead) => void): void {
  const collector = new BodyCollector(maxCharacters, BodyCollector.capacityFor(req.headers['content-length'], maxCharacters), nodeBytes);
  let settled = false;

  const finish = (result: BodyRead): void => {
    if (settled) return;
    settled = true;
    if (!result.ok) {
      req.off('data', onData);
      req.off('end', onEnd);
      // A body past the limit: stop reading (the edge may drain the rest, see drainThenEnd). A
      // body in too many pieces: Node's parser goes on making one Buffer per piece of the socket
      // read it is in; a paused request would keep them all, so they are let go as they come.
      if (result.reason === 'too-fragmented') req.on('data', ignore);
      else req.pause();
    }
    done(result);
  };
  const onData = (chunk: Buffer): void => {
    const verdict = collector.add(chunk);
    if (verdict !== 'more') finish({ ok: false, reason: verdict });
  };
  const onEnd = (): void => finish(collector.end());
  const onAbort = (): void => finish({ ok: false, reason: 'aborted' });

  req.on('data', onData);
  req.on('end', onEnd);
  req.on('error', onAbort);
  // 'close' before 'end': the client went away mid-body (after 'end' it changes nothing).
  req.on('close', onAbort);
}

/** A small body as text, up to `maxBytes`; past it, reading stops and the rest is left unread. */
function readText(req: IncomingMessage, maxBytes: number, done: (read: TextRead) => void): void {
  const pieces: Buffer[] = [];
  let size = 0;
  const onData = (piece: Buffer): void => {
    size += piece.length;
    if (size <= maxBytes) {
      pieces.push(piece);
      return;
    }
    req.off('data', onData);
    req.off('end', onEnd);
    req.pause();
    done({ ok: false, reason: 'too-large' });
  };
  // Decoded as the fetch edge decodes it (TextDecoder: a leading BOM dropped, bad bytes replaced), so both read a rule alike.
  const onEnd = (): void => done({ ok: true, text: utf8.decode(Buffer.concat(pieces)) });
  req.on('data', onData);
  req.on('end', onEnd);
}

const ignore = (): void => undefined;
const utf8 = new TextDecoder();

const packed = Symbol('ism-webhooks packed headers');

/** A request's headers packed once (`packHeaders`), for the call journal and the execution log alike. */
export function packedHeaders(req: IncomingMessage): string {
  const own = req as IncomingMessage & { [packed]?: string };
  own[packed] ??= packHeaders(req.rawHeaders);
  return own[packed];
}

/** The core's way to a node:http request. */
export const nodeRequestReader: RequestReader<IncomingMessage> = {
  method: (req) => req.method ?? '',
  target: (req) => req.url ?? '/',
  // Node keeps the first of a repeated Authorization, Content-Type or Content-Length, and joins others with ', '.
  header: (req, name) => {
    const value = req.headers[name];
    return Array.isArray(value) ? value.join(', ') : value;
  },
  remoteAddress: (req) => req.socket.remoteAddress,
  headers: packedHeaders,
  readBody: readRequestBody,
  readText,
  mustCloseUnread,
  canAnswer: (req) => !req.socket.destroyed && !connectionOf(req.socket).closing,
};
