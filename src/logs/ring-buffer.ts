// A fixed-capacity ring: the newest `capacity` items, O(1) push, no copying on overflow.
// Every in-memory log store in clmon is one of these, so memory stays bounded under a flood.

export class RingBuffer<T> {
  private readonly items: (T | undefined)[];
  /** Index of the oldest item. */
  private head = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`ring capacity must be an integer >= 1, got ${capacity}`);
    }
    this.items = new Array<T | undefined>(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** Append an item; returns the oldest item it evicted when the ring was full. */
  push(item: T): T | undefined {
    if (this.count < this.capacity) {
      this.items[(this.head + this.count) % this.capacity] = item;
      this.count++;
      return undefined;
    }
    const evicted = this.items[this.head];
    this.items[this.head] = item;
    this.head = (this.head + 1) % this.capacity;
    return evicted;
  }

  /** Remove and return the oldest item (used to enforce a byte budget on top of the count). */
  shift(): T | undefined {
    if (this.count === 0) return undefined;
    const item = this.items[this.head];
    this.items[this.head] = undefined;
    this.head = (this.head + 1) % this.capacity;
    this.count--;
    return item;
  }

  /** The item at position i, 0 = oldest; undefined out of range. */
  get(i: number): T | undefined {
    if (i < 0 || i >= this.count) return undefined;
    return this.items[(this.head + i) % this.capacity];
  }

  /** The newest n items, oldest first. */
  last(n: number): T[] {
    const take = Math.max(0, Math.min(Math.floor(n), this.count));
    const out = new Array<T>(take);
    for (let i = 0; i < take; i++) out[i] = this.get(this.count - take + i)!;
    return out;
  }

  /** Every item, oldest first. */
  toArray(): T[] {
    return this.last(this.count);
  }

  clear(): void {
    this.items.fill(undefined);
    this.head = 0;
    this.count = 0;
  }
}
