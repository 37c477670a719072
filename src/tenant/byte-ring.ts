/**
 * A bounded log whose entries are kept as bytes, in one buffer allocated once, outside the
 * JavaScript heap: the newest `capacity` entries at most, and at most `maxBytes` of them.
 *
 * Why bytes: a server keeps its last thousand calls, and V8 copies every object that survives a
 * young-generation collection, twice, before it settles in the old generation, which then fills
 * with calls already dropped. Kept as objects, the logs cost the request path about a quarter of
 * its time and 20 MB of resident memory under load (docs/performance.md); kept here, a call costs
 * one copy of its text into the buffer, and nothing to the garbage collector. Entries are decoded
 * when read, which is rare (the inspection API and page).
 *
 * An entry is a list of fields, each a string, a number or undefined (see FieldIn for bytes). A
 * string comes back as it went in, except a lone surrogate (not text: UTF-8 cannot hold it), which
 * comes back as U+FFFD. No Node built-in is imported: the tenant runs in browsers too.
 */
export type Field = string | number | undefined;

/**
 * What `push` takes: a field, or UTF-8 text given as its bytes (a request body as received),
 * copied as they are and read back as text, so the text is never encoded again.
 */
export type FieldIn = Field | Uint8Array;

const tagUndefined = 0;
const tagString = 1;
const tagNumber = 2;

const encoder = new TextEncoder();
// A leading U+FEFF is text like any other here (a kept string may start with one).
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * How a ring gets its buffer and writes long or non-ASCII text into it. The default is the web's
 * (a Uint8Array and `TextEncoder.encodeInto`); the node:http edge brings Node's Buffer, which
 * encodes in place without making a view and a result object per string: writing a call then
 * costs two thirds of what it does with the encoder.
 */
export interface RingBytes {
  alloc(size: number): Uint8Array;
  /** Writes `text` as UTF-8 into `data` at `at` (room for three bytes per character is there); returns the bytes written. */
  write(data: Uint8Array, at: number, text: string): number;
}

export const webRingBytes: RingBytes = {
  alloc: (size) => new Uint8Array(size),
  write: (data, at, text) => encoder.encodeInto(text, data.subarray(at, at + 3 * text.length)).written,
};

export class ByteRing {
  private data: Uint8Array | undefined;
  private view: DataView | undefined;
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  /** Each entry's `extra` (see push). */
  private readonly extras: Int32Array;
  /** Index of the oldest entry in `starts`/`ends`. */
  private head = 0;
  private size = 0;
  private held = 0;

  constructor(
    readonly capacity: number,
    readonly maxBytes: number,
    private readonly tools: RingBytes = webRingBytes,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    if (!Number.isInteger(maxBytes) || maxBytes < 16) throw new RangeError(`maxBytes must be an integer of at least 16, got ${maxBytes}`);
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
    this.extras = new Int32Array(capacity);
  }

  /** Entries kept. */
  get length(): number {
    return this.size;
  }

  /** Bytes the kept entries take, their `extra` included. */
  get bytes(): number {
    return this.held;
  }

  /**
   * Adds an entry, dropping the oldest as needed. `extra` counts against `maxBytes` with the
   * entry's bytes without being stored: what reading the entry adds to it (an execution's record,
   * mapped again from its body), so that what is shown is bounded too. Returns false, keeping
   * nothing, when the entry alone is larger than `maxBytes`.
   */
  push(fields: readonly FieldIn[], extra = 0): boolean {
    let bound = 0;
    for (const field of fields) bound += 1 + sizeBound(field);
    if (bound + extra > this.maxBytes) {
      bound = exactSize(fields);
      if (bound + extra > this.maxBytes) return false;
    }
    if (this.size === this.capacity) this.dropOldest();
    while (this.size > 0 && this.held + bound + extra > this.maxBytes) this.dropOldest();
    const at = this.placeFor(bound);
    // The buffer is made on first use: zero pages cost no memory until written.
    this.data ??= this.tools.alloc(this.maxBytes);
    this.view ??= new DataView(this.data.buffer, this.data.byteOffset, this.data.byteLength);
    const data = this.data;
    const view = this.view;
    let p = at;
    for (const field of fields) {
      if (typeof field === 'string') {
        data[p] = tagString;
        const written = writeText(data, p + 5, field, this.tools);
        view.setUint32(p + 1, written);
        p += 5 + written;
      } else if (typeof field === 'number') {
        data[p] = tagNumber;
        view.setFloat64(p + 1, field);
        p += 9;
      } else if (field !== undefined) {
        // UTF-8 bytes: kept as text (read back as a string).
        data[p] = tagString;
        data.set(field, p + 5);
        view.setUint32(p + 1, field.byteLength);
        p += 5 + field.byteLength;
      } else {
        data[p] = tagUndefined;
        p += 1;
      }
    }
    const slot = (this.head + this.size) % this.capacity;
    this.starts[slot] = at;
    this.ends[slot] = p;
    this.extras[slot] = extra;
    this.size++;
    this.held += p - at + extra;
    return true;
  }

  /** The `index`-th entry from the oldest, decoded. */
  at(index: number): Field[] {
    const slot = (this.head + index) % this.capacity;
    const data = this.data as Uint8Array;
    const view = this.view as DataView;
    const end = this.ends[slot] as number;
    const fields: Field[] = [];
    for (let p = this.starts[slot] as number; p < end; ) {
      const tag = data[p];
      if (tag === tagString) {
        const length = view.getUint32(p + 1);
        fields.push(decoder.decode(data.subarray(p + 5, p + 5 + length)));
        p += 5 + length;
      } else if (tag === tagNumber) {
        fields.push(view.getFloat64(p + 1));
        p += 9;
      } else {
        fields.push(undefined);
        p += 1;
      }
    }
    return fields;
  }

  /**
   * The index of the entry whose first field is `key`, for entries whose first field is a number
   * that grows with each push (an id); -1 when none is kept. A binary search: log2(n) reads.
   */
  indexOf(key: number): number {
    let low = 0;
    let high = this.size - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const found = this.firstNumber(middle);
      if (found === key) return middle;
      if (found < key) low = middle + 1;
      else high = middle - 1;
    }
    return -1;
  }

  private firstNumber(index: number): number {
    const start = this.starts[(this.head + index) % this.capacity] as number;
    return (this.data as Uint8Array)[start] === tagNumber ? (this.view as DataView).getFloat64(start + 1) : Number.NaN;
  }

  clear(): void {
    this.head = 0;
    this.size = 0;
    this.held = 0;
  }

  /**
   * Where an entry of `bound` bytes goes: at the start of the buffer when it is free, else after
   * the newest (entries are never split), dropping the oldest until the space is free.
   */
  private placeFor(bound: number): number {
    for (;;) {
      if (this.size === 0) return 0;
      const oldest = this.starts[this.head] as number;
      const tail = this.ends[(this.head + this.size - 1) % this.capacity] as number;
      if (oldest < tail) {
        // Kept bytes lie in [oldest, tail): free are the start, then the end. The start first, so
        // that a log bounded by its count stays in the first pages of the buffer (pages never
        // written cost no memory).
        if (bound <= oldest) return 0;
        if (bound <= this.maxBytes - tail) return tail;
      } else if (bound <= oldest - tail) {
        // Kept bytes wrap: free is [tail, oldest).
        return tail;
      }
      this.dropOldest();
    }
  }

  private dropOldest(): void {
    this.held -= (this.ends[this.head] as number) - (this.starts[this.head] as number) + (this.extras[this.head] as number);
    this.head = (this.head + 1) % this.capacity;
    this.size--;
    if (this.size === 0) this.head = 0;
  }
}

/**
 * Writes a text as UTF-8 at `at`, returning the bytes written (room for three per character is
 * there): short ASCII texts (methods, names, hints) byte by byte, cheaper than a call to the
 * encoder; the rest by the ring's tools.
 */
function writeText(data: Uint8Array, at: number, text: string, tools: RingBytes): number {
  if (text.length <= 64) {
    let i = 0;
    for (; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code > 0x7f) break;
      data[at + i] = code;
    }
    if (i === text.length) return i;
  }
  return tools.write(data, at, text);
}

/** The most bytes a field can take after its tag. */
function sizeBound(field: FieldIn): number {
  if (typeof field === 'string') return 4 + 3 * field.length;
  if (typeof field === 'number') return 8;
  return field === undefined ? 0 : 4 + field.byteLength;
}

/** The exact bytes an entry takes (UTF-8 lengths counted), for entries near the bound. */
function exactSize(fields: readonly FieldIn[]): number {
  let size = 0;
  for (const field of fields) size += 1 + (typeof field === 'string' ? 4 + utf8Length(field) : sizeBound(field));
  return size;
}

function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}
