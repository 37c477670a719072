import type { IncomingMessage } from 'node:http';
import { TextDecoder } from 'node:util';

/**
 * Reads a request body while counting its characters, and stops as soon as the count passes the
 * limit: the vendor's limit is "100,000 characters" (vendor page), counted here as UTF-16 code
 * units of the UTF-8-decoded body (what .NET and JavaScript string lengths count). Nothing past
 * the limit is buffered, so a 1 GB upload costs at most about 300 KB.
 *
 * Memory follows the body's size, not its chunking: every chunk is copied into one buffer and
 * dropped, so a body sent as 100,000 one-byte chunks costs what the same body in one chunk does
 * (keeping the chunks would keep each one's slice of a socket read: about 400 bytes per byte).
 */
export type BodyRead =
  | { readonly ok: true; readonly bytes: Buffer; readonly text: string }
  | { readonly ok: false; readonly reason: 'too-long' | 'aborted' | 'too-fragmented' };

/**
 * The most pieces a body may arrive in. Each piece (a TCP read, or a chunk of a chunked body)
 * costs the parser and a callback; a 300 KB body takes a few hundred at most (even in 100-byte
 * chunks, 3,000), while one sent as 100,000 one-byte chunks would cost 100,000. Past this, reading stops: the cost of a connection
 * is capped whatever its chunking.
 */
export const maxBodyPieces = 4_096;

/** One UTF-16 code unit takes at most 3 bytes of UTF-8; a longer declared body cannot fit. */
export const maxBytesFor = (maxCharacters: number): number => maxCharacters * 3;

/** The verdict a Content-Length header alone allows, before any byte is read. */
export function checkDeclaredLength(header: string | undefined, maxCharacters: number): 'too-long' | 'unknown' {
  if (header === undefined || !/^\d+$/.test(header)) return 'unknown';
  return Number(header) > maxBytesFor(maxCharacters) ? 'too-long' : 'unknown';
}

/** The first buffer's size: the declared length when there is one (it fits, checked before), else 16 KB. */
function initialCapacity(req: IncomingMessage, maxBytes: number): number {
  const declared = req.headers['content-length'];
  if (declared !== undefined && /^\d+$/.test(declared)) return Math.max(1, Math.min(Number(declared), maxBytes));
  return 16 * 1024;
}

/**
 * Calls `done` once with the body or the reason there is none. A callback rather than a promise:
 * this is on every request's path, and a promise per request costs measurable throughput.
 */
export function readBodyWithinLimit(req: IncomingMessage, maxCharacters: number, done: (result: BodyRead) => void): void {
  const maxBytes = maxBytesFor(maxCharacters);
  // A single chunk is kept as it came (the common case: no copy); from the second on, one buffer.
  let first: Buffer | undefined;
  let buffer: Buffer | undefined;
  let bytes = 0;
  let pieces = 0;
  // Non-fatal: an invalid byte counts as one replacement character here; whether the body is
  // valid UTF-8 is judged afterwards, as a format question. Made only for bodies long enough
  // to need counting; the decoded pieces are counted and dropped.
  let decoder: TextDecoder | undefined;
  let characters = 0;
  let settled = false;

  const finish = (result: BodyRead): void => {
    if (settled) return;
    settled = true;
    if (!result.ok) {
      // Stop reading: nothing past the limit is taken in.
      req.off('data', onData);
      req.off('end', onEnd);
      req.pause();
    }
    done(result);
  };
  const append = (chunk: Buffer): void => {
    if (first === undefined && buffer === undefined) {
      first = chunk;
    } else {
      const needed = bytes + chunk.length;
      if (buffer === undefined || needed > buffer.length) {
        const grown = Buffer.allocUnsafe(Math.min(maxBytes, Math.max(needed, initialCapacity(req, maxBytes), (buffer?.length ?? 0) * 2)));
        (buffer ?? (first as Buffer)).copy(grown, 0, 0, bytes);
        buffer = grown;
        first = undefined;
      }
      chunk.copy(buffer, bytes);
    }
    bytes += chunk.length;
  };
  const onData = (chunk: Buffer): void => {
    if (bytes + chunk.length > maxBytes) return finish({ ok: false, reason: 'too-long' });
    if (++pieces > maxBodyPieces) return finish({ ok: false, reason: 'too-fragmented' });
    append(chunk);
    // Up to `maxCharacters` bytes cannot exceed the limit (a code unit takes at least one byte),
    // so counting starts only past that: small bodies are decoded once, at the end.
    if (decoder === undefined && bytes > maxCharacters) {
      decoder = new TextDecoder('utf-8');
      characters = decoder.decode(body().subarray(0, bytes), { stream: true }).length;
    } else if (decoder !== undefined) {
      characters += decoder.decode(chunk, { stream: true }).length;
    }
    if (characters > maxCharacters) finish({ ok: false, reason: 'too-long' });
  };
  const body = (): Buffer => (buffer ?? first ?? Buffer.alloc(0)).subarray(0, bytes);
  const onEnd = (): void => {
    const all = body();
    // One native decode (invalid bytes become U+FFFD, as with the streaming decoder; a leading
    // BOM is dropped, as TextDecoder does).
    const text = withoutBom(all.toString('utf8'));
    if (decoder !== undefined && characters + decoder.decode().length > maxCharacters) return finish({ ok: false, reason: 'too-long' });
    finish({ ok: true, bytes: all, text });
  };
  const onAbort = (): void => finish({ ok: false, reason: 'aborted' });

  req.on('data', onData);
  req.on('end', onEnd);
  req.on('error', onAbort);
  // 'close' before 'end': the client went away mid-body (after 'end' it changes nothing).
  req.on('close', onAbort);
}

function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
