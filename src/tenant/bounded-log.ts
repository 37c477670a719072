/**
 * A log of plain objects that keeps the newest entries: at most `capacity` of them, and at most
 * `maxSize` of their estimated size (see `textSize`; docs/decisions.md #16). An entry larger than
 * the whole bound is not kept. Oldest first.
 */
export class BoundedLog<T> {
  private readonly entries: { readonly value: T; readonly size: number }[] = [];
  private held = 0;

  constructor(
    private readonly capacity: number,
    private readonly maxSize: number,
  ) {}

  get length(): number {
    return this.entries.length;
  }

  /** Adds an entry of `size` (estimated), dropping the oldest past the bounds; false when it is not kept. */
  push(value: T, size: number): boolean {
    if (size > this.maxSize || this.capacity < 1) return false;
    this.entries.push({ value, size });
    this.held += size;
    while (this.entries.length > this.capacity || this.held > this.maxSize) this.held -= (this.entries.shift() as { size: number }).size;
    return true;
  }

  /** The entry at `index`, 0 the oldest. */
  at(index: number): T {
    return (this.entries[index] as { value: T }).value;
  }

  clear(): void {
    this.entries.length = 0;
    this.held = 0;
  }
}

/** What an entry is counted as: the characters of its texts (a UTF-16 length), plus a fixed share for the rest of it. */
export function textSize(...texts: readonly (string | undefined)[]): number {
  let size = 64;
  for (const text of texts) size += text?.length ?? 0;
  return size;
}
