/**
 * Collects a request body while counting its characters, and stops as soon as the count passes
 * the limit: the vendor's limit is "100,000 characters" (vendor page), counted here as UTF-16 code
 * units of the UTF-8-decoded body (what .NET and JavaScript string lengths count). Nothing past
 * the limit is buffered, so a 1 GB upload costs at most about 300 KB.
 *
 * Memory follows the body's size, not its chunking: every chunk is copied into one buffer and
 * dropped, so a body sent as 100,000 one-byte chunks costs what the same body in one chunk does
 * (keeping the chunks would keep each one's slice of a socket read: about 400 bytes per byte).
 *
 * No I/O and no Node built-in here: each edge feeds the chunks it reads (node:http's request
 * stream, a fetch Request's body) and brings its own way to allocate and decode bytes.
 */
export type BodyRead =
  | { readonly ok: true; readonly bytes: Uint8Array; readonly text: string }
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

/** How an edge allocates and decodes bytes (node:http: Buffer, natively; fetch: Uint8Array and TextDecoder). */
export interface ByteTools {
  /** A buffer of `size` bytes, contents unspecified. */
  alloc(size: number): Uint8Array;
  /** The bytes as UTF-8 text, invalid bytes as U+FFFD, a leading BOM kept. */
  decode(bytes: Uint8Array): string;
}

/** What adding a chunk decided: keep reading, or stop (the body is refused). */
export type ChunkVerdict = 'more' | 'too-long' | 'too-fragmented';

/**
 * The body of one request, chunk by chunk: `add` each chunk as it comes (stop reading at the
 * first verdict that is not `more`), then `end` once the body is complete.
 */
export class BodyCollector {
  private readonly maxBytes: number;
  // A single chunk is kept as it came (the common case: no copy); from the second on, one buffer.
  private first: Uint8Array | undefined;
  private buffer: Uint8Array | undefined;
  private bytes = 0;
  private pieces = 0;
  // Non-fatal: an invalid byte counts as one replacement character here; whether the body is
  // valid UTF-8 is judged afterwards, as a format question. Made only for bodies long enough
  // to need counting; the decoded pieces are counted and dropped.
  private decoder: InstanceType<typeof TextDecoder> | undefined;
  private characters = 0;

  /** `capacity`: the first buffer's size when a second chunk comes (the declared length, if any). */
  constructor(
    private readonly maxCharacters: number,
    private readonly capacity: number,
    private readonly tools: ByteTools,
  ) {
    this.maxBytes = maxBytesFor(maxCharacters);
  }

  /** The first buffer's size for a request: its declared length when there is one (it fits, checked before), else 16 KB. */
  static capacityFor(contentLength: string | undefined, maxCharacters: number): number {
    if (contentLength !== undefined && /^\d+$/.test(contentLength))
      return Math.max(1, Math.min(Number(contentLength), maxBytesFor(maxCharacters)));
    return 16 * 1024;
  }

  add(chunk: Uint8Array): ChunkVerdict {
    if (this.bytes + chunk.length > this.maxBytes) return 'too-long';
    if (++this.pieces > maxBodyPieces) return 'too-fragmented';
    this.append(chunk);
    // Up to `maxCharacters` bytes cannot exceed the limit (a code unit takes at least one byte),
    // so counting starts only past that: small bodies are decoded once, at the end.
    if (this.decoder === undefined && this.bytes > this.maxCharacters) {
      this.decoder = new TextDecoder('utf-8');
      this.characters = this.decoder.decode(this.body(), { stream: true }).length;
    } else if (this.decoder !== undefined) {
      this.characters += this.decoder.decode(chunk, { stream: true }).length;
    }
    return this.characters > this.maxCharacters ? 'too-long' : 'more';
  }

  /** The whole body, once it has ended. */
  end(): BodyRead {
    const all = this.body();
    if (this.decoder !== undefined && this.characters + this.decoder.decode().length > this.maxCharacters)
      return { ok: false, reason: 'too-long' };
    // One decode of the whole (invalid bytes become U+FFFD, as with the streaming decoder; a
    // leading BOM is dropped, as TextDecoder does).
    return { ok: true, bytes: all, text: withoutBom(this.tools.decode(all)) };
  }

  private append(chunk: Uint8Array): void {
    if (this.first === undefined && this.buffer === undefined) {
      this.first = chunk;
    } else {
      const needed = this.bytes + chunk.length;
      let buffer = this.buffer;
      if (buffer === undefined || needed > buffer.length) {
        const grown = this.tools.alloc(Math.min(this.maxBytes, Math.max(needed, this.capacity, (buffer?.length ?? 0) * 2)));
        grown.set((buffer ?? (this.first as Uint8Array)).subarray(0, this.bytes));
        buffer = grown;
        this.buffer = grown;
        this.first = undefined;
      }
      buffer.set(chunk, this.bytes);
    }
    this.bytes += chunk.length;
  }

  private body(): Uint8Array {
    return (this.buffer ?? this.first ?? new Uint8Array(0)).subarray(0, this.bytes);
  }
}

function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
