import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** What the edge knows of one connection. */
export interface Connection {
  /** The answer to the latest request received on it. */
  last: ServerResponse | undefined;
  /** An answer that closes the connection was sent: nothing after it may run. */
  closing: boolean;
  /** The answer owed closes the connection (what came after the request did not parse). */
  closeAfter: boolean;
}

const state = Symbol('ism-webhooks connection');
type Tracked = Socket & { [state]?: Connection };

/**
 * Every connection's state, and the idle bound: a connection that has sent no byte within
 * `idleMs` of opening is closed (Node's header timeout starts only with the first byte, so
 * silent connections would otherwise hold a descriptor until the client leaves).
 */
export function trackConnection(socket: Socket, idleMs?: number): Connection {
  const connection: Connection = { last: undefined, closing: false, closeAfter: false };
  (socket as Tracked)[state] = connection;
  if (idleMs === undefined) return connection;
  const timer = setTimeout(() => {
    if (socket.bytesRead === 0) socket.destroy();
  }, idleMs);
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
  return connection;
}

export function connectionOf(socket: Socket): Connection {
  return (socket as Tracked)[state] ?? trackConnection(socket);
}
