import type { IncomingMessage } from 'node:http';
import { BodyCollector, type BodyRead } from '../tenant/body-limit';
import { nodeBytes } from './node-bytes';
import type { RequestReader } from './pipeline';
import { packHeaders } from '../redact';
import { connectionOf } from './connections';
import { mustCloseUnread } from './unread-body';

/**
 * Reads a node:http request body within the character limit and calls `done` once with the body
 * or the reason there is none; past the limit it stops reading (nothing more is taken in). A
 * callback rather than a promise: this is on every request's path, and a promise per request
 * costs measurable throughput.
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
      // A body past the limit: stop reading. A body in too many pieces: Node's parser goes on
      // making one Buffer per piece of the socket read it is in (about 11,000 for 64 KB of
      // one-byte chunks); a paused request would keep them all, so they are let go as they come.
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

const ignore = (): void => undefined;

const packed = Symbol('ism-webhooks packed headers');

/** A request's headers packed once (`packHeaders`), for the call journal and the execution log alike. */
export function packedHeaders(req: IncomingMessage): string {
  const own = req as IncomingMessage & { [packed]?: string };
  own[packed] ??= packHeaders(req.rawHeaders);
  return own[packed];
}

/** The pipeline's way to a node:http request. */
export const nodeRequestReader: RequestReader<IncomingMessage> = {
  method: (req) => req.method ?? '',
  header: (req, name) => req.headers[name],
  headers: packedHeaders,
  readBody: readRequestBody,
  mustCloseUnread,
  canAnswer: (req) => !req.socket.destroyed && !connectionOf(req.socket).closing,
};
