import type { ByteTools } from '../tenant/body-limit';

/** Node's own buffers for request bodies: uninitialised allocation and a native UTF-8 decode (every chunk of a request stream is a Buffer). */
export const nodeBytes: ByteTools = {
  alloc: (size) => Buffer.allocUnsafe(size),
  decode: (bytes) => (bytes as Buffer).toString('utf8'),
};
