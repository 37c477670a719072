import type { IncomingMessage } from 'node:http';
import { TextDecoder } from 'node:util';

/**
 * Reads a request body while counting its characters, and stops as soon as the count passes the
 * limit: the vendor's limit is "100,000 characters" (vendor page), counted here as UTF-16 code
 * units of the UTF-8-decoded body (what .NET and JavaScript string lengths count). Nothing past
 * the limit is buffered, so a 1 GB upload costs at most about 300 KB.
 */
export type BodyRead =
  | { readonly ok: true; readonly bytes: Buffer; readonly text: string }
  | { readonly ok: false; readonly reason: 'too-long' | 'aborted' };

/** One UTF-16 code unit takes at most 3 bytes of UTF-8; a longer declared body cannot fit. */
export const maxBytesFor = (maxCharacters: number): number => maxCharacters * 3;

/** The verdict a Content-Length header alone allows, before any byte is read. */
export function checkDeclaredLength(header: string | undefined, maxCharacters: number): 'too-long' | 'unknown' {
  if (header === undefined || !/^\d+$/.test(header)) return 'unknown';
  return Number(header) > maxBytesFor(maxCharacters) ? 'too-long' : 'unknown';
}

/**
 * Calls `done` once with the body or the reason there is none. A callback rather than a promise:
 * this is on every request's path, and a promise per request costs measurable throughput.
 */
export function readBodyWithinLimit(req: IncomingMessage, maxCharacters: number, done: (result: BodyRead) => void): void {
  const chunks: Buffer[] = [];
  const pieces: string[] = [];
  // Non-fatal: an invalid byte counts as one replacement character here; whether the body is
  // valid UTF-8 is judged afterwards, as a format question. Made only for bodies long enough
  // to need counting.
  let decoder: TextDecoder | undefined;
  let bytes = 0;
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
  const onData = (chunk: Buffer): void => {
    chunks.push(chunk);
    bytes += chunk.length;
    // Up to `maxCharacters` bytes cannot exceed the limit (a code unit takes at least one byte),
    // so counting starts only past that: small bodies are decoded once, at the end.
    if (decoder === undefined && bytes > maxCharacters) {
      decoder = new TextDecoder('utf-8');
      for (const earlier of chunks) pieces.push(decoder.decode(earlier, { stream: true }));
      characters = pieces.reduce((sum, piece) => sum + piece.length, 0);
    } else if (decoder !== undefined) {
      const piece = decoder.decode(chunk, { stream: true });
      pieces.push(piece);
      characters += piece.length;
    }
    if (characters > maxCharacters) finish({ ok: false, reason: 'too-long' });
  };
  const onEnd = (): void => {
    const all = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, bytes);
    if (decoder !== undefined) {
      const text = pieces.join('') + decoder.decode();
      finish(text.length > maxCharacters ? { ok: false, reason: 'too-long' } : { ok: true, bytes: all, text });
      return;
    }
    // Small bodies: one native decode (invalid bytes become U+FFFD, like the streaming decoder;
    // a leading BOM is dropped, as TextDecoder does).
    finish({ ok: true, bytes: all, text: withoutBom(all.toString('utf8')) });
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
