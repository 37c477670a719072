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
  {
    const resolve = done;
    const chunks: Buffer[] = [];
    const pieces: string[] = [];
    // Non-fatal: an invalid byte counts as one replacement character here; whether the body is
    // valid UTF-8 is judged afterwards, as a format question. Made only for bodies long enough
    // to need counting.
    let decoder: TextDecoder | undefined;
    let bytes = 0;
    let characters = 0;
    let counting = false;
    let settled = false;

    const finish = (result: BodyRead): void => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onAbort);
      req.off('close', onAbort);
      if (!result.ok) req.pause();
      resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      chunks.push(chunk);
      bytes += chunk.length;
      // Up to `maxCharacters` bytes cannot exceed the limit (a code unit takes at least one byte),
      // so counting starts only past that: small bodies are decoded once, at the end.
      if (!counting && bytes > maxCharacters) {
        counting = true;
        decoder = new TextDecoder('utf-8');
        for (const earlier of chunks) pieces.push(decoder.decode(earlier, { stream: true }));
        characters = pieces.reduce((sum, piece) => sum + piece.length, 0);
      } else if (counting) {
        const piece = (decoder as TextDecoder).decode(chunk, { stream: true });
        pieces.push(piece);
        characters += piece.length;
      }
      if (counting && characters > maxCharacters) finish({ ok: false, reason: 'too-long' });
    };
    const onEnd = (): void => {
      const all = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, bytes);
      // Small bodies: one native decode (invalid bytes become U+FFFD, like the streaming decoder;
      // a leading BOM is dropped, as TextDecoder does).
      const text = decoder ? pieces.join('') + decoder.decode() : withoutBom(all.toString('utf8'));
      if (counting && text.length > maxCharacters) {
        finish({ ok: false, reason: 'too-long' });
        return;
      }
      finish({ ok: true, bytes: all, text });
    };
    const onAbort = (): void => finish({ ok: false, reason: 'aborted' });

    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onAbort);
    // 'close' before 'end': the client went away mid-body.
    req.on('close', onAbort);
  }
}

function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
