// The log pane's memory: the most recent lines only, so a flood costs a fixed amount of memory.
import type { LogLine } from '../model/types.js';

/** A fixed-capacity ring of log lines, oldest dropped first. */
export class LogRing {
  private readonly slots: (LogLine | undefined)[];
  private start = 0;
  private count = 0;
  /** Bumped on every change, so a publisher can tell whether to copy. */
  version = 0;

  constructor(readonly capacity: number) {
    this.slots = new Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** Append lines in arrival order; a batch larger than the ring keeps only its tail. */
  push(lines: readonly LogLine[]): void {
    if (lines.length === 0) return;
    const from = Math.max(0, lines.length - this.capacity);
    for (let i = from; i < lines.length; i++) {
      const end = (this.start + this.count) % this.capacity;
      this.slots[end] = lines[i];
      if (this.count < this.capacity) this.count++;
      else this.start = (this.start + 1) % this.capacity;
    }
    this.version++;
  }

  /** The seq of the oldest line held (to merge a backfill that raced live lines). */
  oldestSeq(): number | undefined {
    return this.count === 0 ? undefined : this.slots[this.start]!.seq;
  }

  /** A copy, oldest first: published snapshots must never change under React. */
  toArray(): LogLine[] {
    const out = new Array<LogLine>(this.count);
    for (let i = 0; i < this.count; i++) out[i] = this.slots[(this.start + i) % this.capacity]!;
    return out;
  }

  /** Replace the contents (backfill): keeps the newest `capacity` lines. */
  reset(lines: readonly LogLine[]): void {
    this.start = 0;
    this.count = 0;
    this.slots.fill(undefined);
    this.push(lines);
    this.version++;
  }
}
