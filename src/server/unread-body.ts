import type { IncomingMessage } from 'node:http';

/** Bodies at most this long that are left unread are drained so the connection can be reused. */
const drainableBytes = 64 * 1024;

/**
 * Whether an answer that leaves the request body unread must close the connection: Node would
 * otherwise read and discard the rest of the upload (any size) to reuse the connection. Only a
 * body already read, or a small declared one, is left for Node to drain.
 */
export function mustCloseUnread(req: IncomingMessage): boolean {
  if (req.complete) return false;
  const length = req.headers['content-length'];
  return !(
    req.headers['transfer-encoding'] === undefined &&
    length !== undefined &&
    /^\d+$/.test(length) &&
    Number(length) <= drainableBytes
  );
}
