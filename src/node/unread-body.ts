import type { IncomingMessage, ServerResponse } from 'node:http';

/** Bodies at most this long that are left unread are drained so the connection can be reused. */
const drainableBytes = 64 * 1024;

/**
 * Whether an answer that leaves the request body unread must close the connection: Node would
 * otherwise read and discard the rest of the upload (any size) to reuse the connection. Only a
 * body already read, none (no Content-Length and no Transfer-Encoding: RFC 9112 6.3, a request's
 * body is then empty), or a small declared one, is left for Node to drain.
 */
export function mustCloseUnread(req: IncomingMessage): boolean {
  if (req.complete) return false;
  const length = req.headers['content-length'];
  if (req.headers['transfer-encoding'] !== undefined) return true;
  return length !== undefined && !(/^\d+$/.test(length) && Number(length) <= drainableBytes);
}

/**
 * How much of an unread body is read and dropped after its answer, and for how long, before the
 * connection is cut: a client that sends its whole upload before it reads (curl, Node's fetch)
 * then reads the answer instead of a broken pipe. Nothing read is kept: memory stays bounded
 * (docs/decisions.md #22).
 */
export const drainLimits = { bytes: 16 * 1024 * 1024, ms: 5_000 } as const;

/**
 * Sends `body` (the status line and headers are written), then reads and drops the rest of the
 * request body before ending the response, which closes the connection (its answer says
 * `Connection: close`): at most `drainLimits.bytes`, for at most `drainLimits.ms`; past either,
 * the connection is cut.
 */
export function drainThenEnd(req: IncomingMessage, res: ServerResponse, body: string | Uint8Array, limits = drainLimits): void {
  res.write(body);
  let read = 0;
  const stop = (cut: boolean): void => {
    clearTimeout(timer);
    req.off('data', onData);
    req.off('end', onEnd);
    res.end();
    if (cut) req.socket.destroy();
  };
  const onData = (chunk: Buffer): void => {
    read += chunk.length;
    if (read > limits.bytes) stop(true);
  };
  const onEnd = (): void => stop(false);
  const timer = setTimeout(() => stop(true), limits.ms);
  req.socket.once('close', () => clearTimeout(timer));
  req.on('data', onData);
  req.on('end', onEnd);
  req.resume();
}
