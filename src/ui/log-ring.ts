// The log pane's memory: the most recent lines only (one RingBuffer, as every log store in
// clmon), so a flood costs a fixed amount of memory; a version tells the store when to copy.
// Bounded twice: by line count and by characters of text, since lines of up to 64 KiB × 5,000
// lines would otherwise reach 320 MB; the oldest lines go first.
import { RingBuffer } from '../logs/ring-buffer.js';
import type { LogLine } from '../model/types.js';

/** Default text budget of the ring: 8 Mi characters of line text. */
export const LOG_RING_MAX_CHARS = 8 * 1024 * 1024;

/** A fixed-capacity ring of log lines, oldest dropped first (count and text budget). */
export class LogRing {
  private readonly ring: RingBuffer<LogLine>;
  private held = 0;
  /** Bumped on every change, so a publisher can tell whether to copy. */
  version = 0;

  constructor(
    readonly capacity: number,
    /** Characters of text held at most; the newest line is always kept. */
    readonly maxChars = LOG_RING_MAX_CHARS,
  ) {
    this.ring = new RingBuffer<LogLine>(capacity);
  }

  get size(): number {
    return this.ring.size;
  }

  /** Characters of line text held now (at most maxChars, or the newest line alone). */
  get chars(): number {
    return this.held;
  }

  /** Append lines in arrival order; a batch larger than the ring keeps only its tail. */
  push(lines: readonly LogLine[]): void {
    if (lines.length === 0) return;
    for (let i = Math.max(0, lines.length - this.capacity); i < lines.length; i++) {
      const line = lines[i]!;
      this.held += line.text.length;
      const evicted = this.ring.push(line);
      if (evicted) this.held -= evicted.text.length;
    }
    while (this.held > this.maxChars && this.ring.size > 1) this.held -= this.ring.shift()!.text.length;
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
    this.held = 0;
    this.push(lines);
    this.version++;
  }
}
