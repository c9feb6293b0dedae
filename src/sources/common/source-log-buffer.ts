// The log side of an attach source that clmon does not supervise (PM2, a PID tree): numbers
// whole lines in arrival order, keeps the recent ones and each worker's stderr tail in bounded
// rings, and hands them to followers in batches so that a flood costs a bounded number of emits.
// Shared by the pm2 and pid sources.
import { lineMatcher } from '../../model/targets.js';
import { RingBuffer } from '../../logs/ring-buffer.js';
import { safeText } from '../../safe-text.js';
import type { LogQuery } from '../../model/controller.js';
import type { LogLine, LogStream } from '../../model/types.js';

export interface SourceLogBufferOptions {
  /** Receives each batch, oldest first. */
  emit: (lines: LogLine[]) => void;
  /** Recent lines kept (default 5000). */
  ringSize?: number;
  /** Characters the ring may hold in total; older lines go first (default 8 Mi). */
  maxRingChars?: number;
  /** Batch period (default 50 ms). */
  batchMs?: number;
  /** A batch this long goes out at once (default 5000). */
  maxBatchLines?: number;
  /** stderr lines kept per worker for exit records (default 20, as docs/supervision.md#restart-policy). */
  tailSize?: number;
}

/** A line before numbering and sanitizing. */
export interface RawLine {
  at: number;
  app: string;
  id: number;
  stream: LogStream;
  raw: string;
}

/** Workers whose stderr tail is remembered; older keys are forgotten first (scale churn). */
const MAX_TAILS = 1024;

export class SourceLogBuffer {
  private seq = 0;
  private readonly ring: RingBuffer<LogLine>;
  private ringChars = 0;
  private pending: LogLine[] = [];
  private timer: NodeJS.Timeout | null = null;
  private readonly tails = new Map<string, RingBuffer<string>>();
  private closed = false;

  constructor(private readonly opts: SourceLogBufferOptions) {
    this.ring = new RingBuffer<LogLine>(opts.ringSize ?? 5000);
  }

  /** One whole line as the worker wrote it; it is sanitized here. */
  add(app: string, id: number, stream: LogStream, raw: string, at = Date.now()): void {
    if (this.closed) return;
    const line = this.store(app, id, stream, raw, at);
    this.pending.push(line);
    if (this.pending.length >= (this.opts.maxBatchLines ?? 5000)) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.opts.batchMs ?? 50);
  }

  /** Older lines (from log files) to show before the live ones: stored, not emitted. */
  backfill(lines: readonly RawLine[]): void {
    for (const line of lines) this.store(line.app, line.id, line.stream, line.raw, line.at);
  }

  /** The n most recent lines in total matching the query (target, stream), oldest first. */
  recent(query: LogQuery): LogLine[] {
    if ((query.target === undefined || query.target === 'all') && query.stream === undefined) return this.ring.last(query.lines);
    const match = lineMatcher(query);
    const found: LogLine[] = [];
    for (let i = this.ring.size - 1; i >= 0 && found.length < query.lines; i--) {
      const line = this.ring.get(i)!;
      if (match(line)) found.push(line);
    }
    return found.reverse();
  }

  /** The last stderr lines of one worker, oldest first (for an exit record). */
  stderrTail(app: string, id: number): string[] {
    return this.tails.get(`${app}:${id}`)?.toArray() ?? [];
  }

  /** Deliver what is pending, stop the timer and accept no more lines. */
  close(): void {
    this.flush();
    this.closed = true;
  }

  private store(app: string, id: number, stream: LogStream, raw: string, at: number): LogLine {
    const line: LogLine = { seq: ++this.seq, at, app, id, stream, text: safeText(raw) };
    const evicted = this.ring.push(line);
    this.ringChars += line.text.length - (evicted?.text.length ?? 0);
    const maxChars = this.opts.maxRingChars ?? 8 * 1024 * 1024;
    while (this.ringChars > maxChars && this.ring.size > 1) this.ringChars -= this.ring.shift()!.text.length;
    if (stream === 'err') this.tailOf(app, id).push(line.text);
    return line;
  }

  private tailOf(app: string, id: number): RingBuffer<string> {
    const key = `${app}:${id}`;
    let tail = this.tails.get(key);
    if (!tail) {
      if (this.tails.size >= MAX_TAILS) this.tails.delete(this.tails.keys().next().value!);
      tail = new RingBuffer<string>(this.opts.tailSize ?? 20);
      this.tails.set(key, tail);
    }
    return tail;
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.opts.emit(batch);
  }
}
