// The one in-memory line store of clmon (docs/supervision.md#logs): numbers whole lines in
// arrival order, sanitizes them with the one terminal gate (safe-text.ts), keeps the recent ones
// in a ring bounded by lines and characters and each worker's stderr tail in a bounded ring, and
// hands new lines to followers in batches so that a flood costs a bounded number of deliveries.
// The supervisor's LogHub builds on it (adding the pipes and the files), and so do the attach
// sources (PM2, a PID tree), which feed it lines they read from PM2's bus or from log files.
import { messageOf } from '../errors.js';
import type { LogQuery } from '../model/controller.js';
import { lineMatcher } from '../model/targets.js';
import type { LogLine, LogStream } from '../model/types.js';
import { safeText } from '../safe-text.js';
import { RingBuffer } from './ring-buffer.js';

export interface LogStoreOptions {
  /** Merged recent lines kept in memory (default 5000). */
  ringSize?: number;
  /** Characters the merged ring may hold in total; older lines go first (default 16 Mi). */
  maxRingChars?: number;
  /** stderr lines kept per worker for crash context (default 50). */
  tailSize?: number;
  /** Batch period of onBatch (default 50 ms). */
  batchMs?: number;
  /** A batch this long is delivered at once, before its timer (default 10,000). */
  maxBatchLines?: number;
  /** A listener threw (the others still got the batch). */
  onError?: (message: string) => void;
}

/** Sizes, to check that every bound holds (tests, diagnostics). */
export interface LogStoreStats {
  ringLines: number;
  ringChars: number;
  pendingLines: number;
  /** The largest batch ever held before delivery. */
  pendingPeak: number;
}

/** A line before numbering and sanitizing (older lines read from files). */
export interface RawLine {
  at: number;
  app: string;
  id: number;
  stream: LogStream;
  raw: string;
}

export const LOG_STORE_DEFAULTS: Required<LogStoreOptions> = {
  ringSize: 5000,
  maxRingChars: 16 * 1024 * 1024,
  tailSize: 50,
  batchMs: 50,
  maxBatchLines: 10_000,
  onError: () => {},
};

/** A batch with this many characters is delivered at once, like one of maxBatchLines lines. */
const MAX_BATCH_CHARS = 4 * 1024 * 1024;
/** Workers whose stderr tail is remembered; the oldest tails are forgotten first (scale churn). */
const MAX_TAILS = 1024;
/** Lines of a stderr tail that stderrTail() gives unless asked for more (docs/supervision.md#restart-policy). */
const DEFAULT_TAIL_LINES = 20;

export class LogStore {
  private readonly opts: Required<LogStoreOptions>;
  private readonly ring: RingBuffer<LogLine>;
  private ringChars = 0;
  /** stderr tails by app, then worker id; `tailCount` of them in all, at most MAX_TAILS. */
  private readonly tails = new Map<string, Map<number, RingBuffer<string>>>();
  private tailCount = 0;
  private readonly listeners = new Set<(lines: LogLine[]) => void>();
  private pending: LogLine[] = [];
  private pendingChars = 0;
  private pendingPeak = 0;
  private timer: NodeJS.Timeout | null = null;
  private seq = 0;
  private closed = false;
  /** A line left the ring: it no longer holds every line stored. */
  private evictedAny = false;

  constructor(options: LogStoreOptions = {}) {
    const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
    this.opts = { ...LOG_STORE_DEFAULTS, ...given };
    this.ring = new RingBuffer<LogLine>(this.opts.ringSize);
  }

  /** True once a line left the ring (by count or by characters). */
  get evicted(): boolean {
    return this.evictedAny;
  }

  /** One whole line as the worker wrote it: sanitized, numbered, kept and queued for followers. */
  add(app: string, id: number, stream: LogStream, raw: string, at = Date.now(), pid?: number): void {
    if (this.closed) return;
    const line = this.store(app, id, stream, raw, at, pid);
    this.pending.push(line);
    this.pendingChars += line.text.length;
    if (this.pending.length > this.pendingPeak) this.pendingPeak = this.pending.length;
    if (this.pending.length >= this.opts.maxBatchLines || this.pendingChars >= MAX_BATCH_CHARS) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.opts.batchMs).unref();
  }

  /** Older lines (from log files) to show before the live ones: stored, not delivered. */
  backfill(lines: readonly RawLine[]): void {
    if (this.closed) return;
    for (const line of lines) this.store(line.app, line.id, line.stream, line.raw, line.at, undefined);
  }

  /** The n most recent lines in total matching the query (target, stream), oldest first. */
  recent(query: LogQuery): LogLine[] {
    const want = Math.max(0, Math.floor(query.lines));
    if ((query.target === undefined || query.target === 'all') && query.stream === undefined) return this.ring.last(want);
    const match = lineMatcher(query);
    const found: LogLine[] = [];
    for (let i = this.ring.size - 1; i >= 0 && found.length < want; i--) {
      const line = this.ring.get(i)!;
      if (match(line)) found.push(line);
    }
    return found.reverse();
  }

  /** The last n (default 20) sanitized stderr lines of one worker, oldest first. */
  stderrTail(app: string, id: number, n = DEFAULT_TAIL_LINES): string[] {
    return this.tails.get(app)?.get(id)?.last(n) ?? [];
  }

  /** Forget a worker's stderr tail (scaled down). */
  forgetSlot(app: string, id: number): void {
    const slots = this.tails.get(app);
    if (!slots?.delete(id)) return;
    this.tailCount--;
    if (slots.size === 0) this.tails.delete(app);
  }

  /** Forget an app's stderr tails; its lines stay in the merged ring. */
  forgetApp(app: string): void {
    this.tailCount -= this.tails.get(app)?.size ?? 0;
    this.tails.delete(app);
  }

  /** Follow new lines, delivered in arrival order in batches; returns the unsubscribe function. */
  onBatch(listener: (lines: LogLine[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Deliver what is pending, stop the timer and accept no more lines. */
  close(): void {
    this.flush();
    this.closed = true;
  }

  stats(): LogStoreStats {
    return { ringLines: this.ring.size, ringChars: this.ringChars, pendingLines: this.pending.length, pendingPeak: this.pendingPeak };
  }

  private store(app: string, id: number, stream: LogStream, raw: string, at: number, pid: number | undefined): LogLine {
    const line: LogLine = { seq: ++this.seq, at, app, id, stream, text: safeText(raw) };
    if (pid !== undefined) line.pid = pid;
    this.remember(line);
    if (stream === 'err') this.tailOf(app, id).push(line.text);
    return line;
  }

  /** Keep a line in the merged ring, within both its line count and its character budget. */
  private remember(line: LogLine): void {
    const evicted = this.ring.push(line);
    if (evicted) this.evictedAny = true;
    this.ringChars += line.text.length - (evicted?.text.length ?? 0);
    while (this.ringChars > this.opts.maxRingChars && this.ring.size > 1) {
      this.ringChars -= this.ring.shift()!.text.length;
      this.evictedAny = true;
    }
  }

  private tailOf(app: string, id: number): RingBuffer<string> {
    let slots = this.tails.get(app);
    let tail = slots?.get(id);
    if (tail) return tail;
    if (this.tailCount >= MAX_TAILS) this.forgetOldestTail();
    if (!slots) this.tails.set(app, (slots = new Map()));
    slots.set(id, (tail = new RingBuffer<string>(this.opts.tailSize)));
    this.tailCount++;
    return tail;
  }

  /** The first tail of the app that got one first (Maps keep insertion order). */
  private forgetOldestTail(): void {
    const [app, slots] = this.tails.entries().next().value!;
    this.forgetSlot(app, slots.keys().next().value!);
  }

  /** Hand the pending batch to every listener; a throwing listener cannot stop the others. */
  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.pendingChars = 0;
    for (const listener of this.listeners) {
      try {
        listener(batch);
      } catch (err) {
        this.opts.onError(`a log listener failed: ${messageOf(err)}`);
      }
    }
  }
}
