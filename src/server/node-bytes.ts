import type { ByteTools } from '../tenant/body-limit';
import type { RingBytes } from '../tenant/byte-ring';

/** Node's own buffers for request bodies: uninitialised allocation and a native UTF-8 decode (every chunk of a request stream is a Buffer). */
export const nodeBytes: ByteTools = {
  alloc: (size) => Buffer.allocUnsafe(size),
  decode: (bytes) => (bytes as Buffer).toString('utf8'),
};

/** Node's Buffer for the logs' rings (ByteRing): zero pages until written, and UTF-8 written in place. */
export const nodeRingBytes: RingBytes = {
  alloc: (size) => Buffer.alloc(size),
  write: (data, at, text) => (data as Buffer).write(text, at),
};
