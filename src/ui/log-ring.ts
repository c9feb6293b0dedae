// The log pane's memory: the most recent lines only (one RingBuffer, as every log store in
// clmon), so a flood costs a fixed amount of memory; a version tells the store when to copy.
import { RingBuffer } from '../logs/ring-buffer.js';
import type { LogLine } from '../model/types.js';

/** A fixed-capacity ring of log lines, oldest dropped first. */
export class LogRing {
  private readonly ring: RingBuffer<LogLine>;
  /** Bumped on every change, so a publisher can tell whether to copy. */
  version = 0;

  constructor(readonly capacity: number) {
    this.ring = new RingBuffer<LogLine>(capacity);
  }

  get size(): number {
    return this.ring.size;
  }

  /** Append lines in arrival order; a batch larger than the ring keeps only its tail. */
  push(lines: readonly LogLine[]): void {
    if (lines.length === 0) return;
    for (let i = Math.max(0, lines.length - this.capacity); i < lines.length; i++) this.ring.push(lines[i]!);
    this.version++;
  }

  /** The seq of the oldest line held (to merge a backfill that raced live lines). */
  oldestSeq(): number | undefined {
    return this.ring.get(0)?.seq;
  }

  /** A copy, oldest first: published snapshots must never change under React. */
  toArray(): LogLine[] {
    return this.ring.toArray();
  }

  /** Replace the contents (backfill): keeps the newest `capacity` lines. */
  reset(lines: readonly LogLine[]): void {
    this.ring.clear();
    this.push(lines);
    this.version++;
  }
}
