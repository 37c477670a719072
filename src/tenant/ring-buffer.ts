/**
 * A bounded log: keeps the newest items, at most `capacity` of them and at most `maxWeight` in
 * total weight (the caller's measure, e.g. bytes), so memory stays flat under load whatever the
 * items' sizes. The newest item is always kept, even when it alone weighs more than the bound.
 */
export class RingBuffer<T> {
  private readonly items: (T | undefined)[];
  private readonly weights: number[];
  private next = 0;
  private size = 0;
  private total = 0;

  constructor(
    readonly capacity: number,
    readonly maxWeight = Number.POSITIVE_INFINITY,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    if (!(maxWeight > 0)) throw new RangeError(`maxWeight must be positive, got ${maxWeight}`);
    this.items = new Array<T | undefined>(capacity);
    this.weights = new Array<number>(capacity).fill(0);
  }

  push(item: T, weight = 0): void {
    if (this.size === this.capacity) this.dropOldest();
    this.items[this.next] = item;
    this.weights[this.next] = weight;
    this.total += weight;
    this.next = (this.next + 1) % this.capacity;
    this.size++;
    while (this.total > this.maxWeight && this.size > 1) this.dropOldest();
  }

  /** Oldest first. */
  toArray(): T[] {
    const out: T[] = [];
    const start = this.oldest();
    for (let i = 0; i < this.size; i++) out.push(this.items[(start + i) % this.capacity] as T);
    return out;
  }

  get length(): number {
    return this.size;
  }

  /** The total weight of the items kept. */
  get weight(): number {
    return this.total;
  }

  clear(): void {
    this.items.fill(undefined);
    this.weights.fill(0);
    this.next = 0;
    this.size = 0;
    this.total = 0;
  }

  private oldest(): number {
    return (this.next - this.size + this.capacity) % this.capacity;
  }

  private dropOldest(): void {
    const at = this.oldest();
    this.total -= this.weights[at] as number;
    this.items[at] = undefined;
    this.weights[at] = 0;
    this.size--;
  }
}
