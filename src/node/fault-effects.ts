import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CoreAnswer } from '../core/tenant-core';
import type { DropKind } from '../faults';

/** `drop: dribble` sends the answer's body this many bytes at a time... */
export const dribbleBytes = 8;
/** ...one piece every this many milliseconds. */
export const dribbleIntervalMs = 25;

/** Runs `then` after `ms`, unless the connection goes first: a client that gives up leaves no timer behind. */
export function later(req: IncomingMessage, ms: number, then: () => void): void {
  const socket = req.socket;
  const timer = setTimeout(() => {
    socket.off('close', cancel);
    then();
  }, ms);
  const cancel = (): void => clearTimeout(timer);
  socket.once('close', cancel);
}

/**
 * What a fault rule's drop does to the socket (the decision is the core's). `headers` already
 * carry `Connection: close` when the connection must close after the answer.
 */
export function dropOnSocket(
  req: IncomingMessage,
  res: ServerResponse,
  kind: DropKind,
  answer: Pick<CoreAnswer, 'status' | 'headers' | 'body'>,
  hangMs: number,
): void {
  const socket = req.socket;
  switch (kind) {
    case 'reset':
      // A TCP RST before any byte of an answer (ECONNRESET at the client).
      socket.resetAndDestroy();
      return;
    case 'close':
      // The status line and headers, Content-Length included, then the connection ends: the body never comes.
      res.writeHead(answer.status, { ...answer.headers, Connection: 'close' });
      res.flushHeaders();
      socket.end();
      return;
    case 'hang':
      // Never answer; the body is read and dropped so the client is not held back by TCP, and
      // the connection is cut at the server's own request timeout if the client has not left.
      req.resume();
      later(req, hangMs, () => socket.destroy());
      return;
    default: {
      // dribble: the headers at once, then the body a few bytes at a time.
      const body = Buffer.from(answer.body);
      res.writeHead(answer.status, answer.headers);
      res.flushHeaders();
      const piece = (offset: number): void => {
        if (offset + dribbleBytes >= body.length) {
          res.end(body.subarray(offset));
          return;
        }
        res.write(body.subarray(offset, offset + dribbleBytes));
        later(req, dribbleIntervalMs, () => piece(offset + dribbleBytes));
      };
      piece(0);
    }
  }
}
