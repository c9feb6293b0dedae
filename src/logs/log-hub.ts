// The supervisor's one log object (docs/supervision.md#logs): pumps every worker pipe, keeps the recent merged
// lines and each slot's stderr tail in bounded rings, writes the on-disk files with disk
// backpressure, and hands batches of sanitized lines to followers (UI, sockets) every batchMs.
import { messageOf } from '../errors.js';
import type { Readable } from 'node:stream';
import type { LogQuery } from '../model/controller.js';
import type { AppSpec, LogLine, LogStream } from '../model/types.js';
import { AppLogFiles } from './log-files.js';
import { lineMatcher } from '../model/targets.js';
import { withDefaults, type LogHubOptions, type LogHubStats } from './log-hub-options.js';
import type { LogFileProblem, LogWriter } from './log-writer.js';
import { pumpLines, type PumpStats } from './pump-lines.js';
import { RingBuffer } from './ring-buffer.js';
import { safeText } from '../safe-text.js';

export type { LogHubOptions, LogHubStats } from './log-hub-options.js';

/** A batch with this many characters is delivered at once, like one of maxBatchLines lines. */
const MAX_BATCH_CHARS = 4 * 1024 * 1024;

export class LogHub {
  private readonly ring: RingBuffer<LogLine>;
  private ringChars = 0;
  private readonly tails = new Map<string, Map<number, RingBuffer<string>>>();
  private readonly files = new Map<string, AppLogFiles>();
  private readonly closing = new Set<Promise<void>>();
  private readonly listeners = new Set<(lines: LogLine[]) => void>();
  private pending: LogLine[] = [];
  private pendingChars = 0;
  private pendingPeak = 0;
  private timer: NodeJS.Timeout | null = null;
  private seq = 0;
  /** A line left the ring: it no longer holds every line of this run. */
  private evicted = false;
  private readonly startedAt = Date.now();
  private readonly configured = new Set<string>();
  private readonly noHistory = new Set<string>();
  private closed = false;
  private readonly pumpStats: PumpStats = { pauses: 0 };
  private readonly opts: Required<LogHubOptions>;

  constructor(options: LogHubOptions) {
    this.opts = withDefaults(options);
    this.ring = new RingBuffer<LogLine>(this.opts.ringSize);
  }

  /** (Re)open an app's files per its spec; a path that cannot be opened is a UserError. */
  configureApp(spec: AppSpec): void {
    if (this.closed) throw new Error('LogHub is closed');
    const next = new AppLogFiles(spec, this.opts.logsDir, {
      highWaterMark: this.opts.fileHighWaterMark,
      onError: this.opts.onError,
      onRecovered: this.opts.onRecovered,
    });
    const previous = this.files.get(spec.name);
    // a second configuration of the name in this run: its files hold lines the ring has too
    if (this.configured.has(spec.name)) this.noHistory.add(spec.name);
    this.configured.add(spec.name);
    this.files.set(spec.name, next);
    if (previous) this.track(previous.close());
  }

  /** Pump a worker's pipes; resolves when both ended and all their lines were taken in. */
  async attach(app: string, id: number, stdout: Readable | null, stderr: Readable | null, pid?: number): Promise<void> {
    const pumps: Promise<void>[] = [];
    if (stdout) pumps.push(pumpLines(stdout, this.opts.maxLineBytes, (l) => this.ingest(app, id, 'out', l, pid), this.pumpStats));
    if (stderr) pumps.push(pumpLines(stderr, this.opts.maxLineBytes, (l) => this.ingest(app, id, 'err', l, pid), this.pumpStats));
    await Promise.all(pumps);
  }

  /** The last n (default 20) sanitized stderr lines of one slot, oldest first. */
  stderrTail(app: string, id: number, n = 20): string[] {
    return this.tails.get(app)?.get(id)?.last(n) ?? [];
  }

  /** The n most recent lines in total matching the query, merged, oldest first. */
  recent(query: LogQuery): LogLine[] {
    const match = lineMatcher(query);
    const want = Math.max(0, Math.floor(query.lines));
    const found: LogLine[] = [];
    for (let i = this.ring.size - 1; i >= 0 && found.length < want; i--) {
      const line = this.ring.get(i)!;
      if (match(line)) found.push(line);
    }
    return found.reverse();
  }

  /**
   * recent(), and when this run's lines are fewer than asked for (and none was evicted from the
   * ring yet), the lines earlier runs left in the app's files, rotated ones included, before
   * them (docs/configuration.md#logs: `logs --lines N` reads across a rotation boundary, also after a restart).
   * Those carry id -1 (the default files merge every slot) and keep their file's order; out and
   * err of earlier runs are not interleaved (the files hold no times unless a date prefix).
   */
  recentWithHistory(query: LogQuery): LogLine[] {
    const found = this.recent(query);
    const want = Math.max(0, Math.floor(query.lines));
    const target = query.target;
    if (found.length >= want || this.evicted || (target && target.includes(':'))) return found;
    const apps = !target || target === 'all' ? [...this.files.keys()] : [target];
    const streams: LogStream[] = query.stream ? [query.stream] : ['out', 'err'];
    const older: LogLine[] = [];
    const budget = Math.min(64 * 1024 * 1024, (want - found.length) * 1024);
    for (const app of apps) {
      for (const stream of streams) {
        if (this.noHistory.has(app)) continue;
        for (const text of this.files.get(app)?.previousLines(stream, budget) ?? []) {
          older.push({ seq: 0, at: this.startedAt - 1, app, id: -1, stream, text: safeText(text) });
        }
      }
    }
    const kept = older.slice(-(want - found.length));
    kept.forEach((line, i) => (line.seq = i - kept.length));
    return [...kept, ...found];
  }

  /** Follow new lines, delivered in arrival order in batches; returns the unsubscribe function. */
  onBatch(listener: (lines: LogLine[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Forget a slot's stderr tail (scaled down). */
  forgetSlot(app: string, id: number): void {
    this.tails.get(app)?.delete(id);
  }

  /** `clmon flush`: empty the files (live and rotated) of these apps; the live paths emptied. */
  async flushFiles(apps: string[]): Promise<string[]> {
    const paths = await Promise.all(apps.map((app) => this.files.get(app)?.flush() ?? Promise.resolve([])));
    return paths.flat();
  }

  /** An app's log files that do not accept writes now (disk full, ...). */
  fileProblems(app: string): LogFileProblem[] {
    return this.files.get(app)?.problems() ?? [];
  }

  /** Close an app's files and forget its tails; its lines stay in the merged history. */
  async removeApp(app: string): Promise<void> {
    const files = this.files.get(app);
    this.files.delete(app);
    this.tails.delete(app);
    if (files) await files.close();
  }

  /** Deliver what is pending, then flush and close every file. */
  async close(): Promise<void> {
    this.flush();
    this.closed = true;
    const all = [...this.files.values()].map((f) => f.close());
    this.files.clear();
    await Promise.all([...all, ...this.closing]);
  }

  /** Current buffer sizes, so that tests (and diagnostics) can check every bound holds. */
  stats(): LogHubStats {
    let fileBufferedBytes = 0;
    for (const files of this.files.values()) fileBufferedBytes += files.bufferedBytes;
    return {
      ringLines: this.ring.size,
      ringChars: this.ringChars,
      pendingLines: this.pending.length,
      pendingPeak: this.pendingPeak,
      pauses: this.pumpStats.pauses,
      fileBufferedBytes,
    };
  }

  /** Take in lines of one pipe: ring, tail, batch, files; a promise if the disk is behind. */
  private ingest(app: string, id: number, stream: LogStream, raw: string[], pid: number | undefined): Promise<void> | undefined {
    if (this.closed) return undefined;
    const at = Date.now();
    const tail = stream === 'err' ? this.tailOf(app, id) : null;
    for (const text of raw) {
      const line: LogLine = { seq: ++this.seq, at, app, id, stream, text: safeText(text) };
      if (pid !== undefined) line.pid = pid;
      this.remember(line);
      tail?.push(line.text);
      this.pending.push(line);
      this.pendingChars += line.text.length;
      if (this.pending.length > this.pendingPeak) this.pendingPeak = this.pending.length;
      if (this.pending.length >= this.opts.maxBatchLines || this.pendingChars >= MAX_BATCH_CHARS) this.flush();
    }
    if (this.pending.length > 0) this.timer ??= setTimeout(() => this.flush(), this.opts.batchMs).unref();
    const behind = this.files.get(app)?.write(id, stream, raw, at);
    return behind && behind.length > 0 ? waitAll(behind) : undefined;
  }

  /** Keep a line in the merged ring, within both its line count and its character budget. */
  private remember(line: LogLine): void {
    const evicted = this.ring.push(line);
    if (evicted) this.evicted = true;
    this.ringChars += line.text.length - (evicted?.text.length ?? 0);
    while (this.ringChars > this.opts.maxRingChars && this.ring.size > 1) {
      this.ringChars -= this.ring.shift()!.text.length;
      this.evicted = true;
    }
  }

  private tailOf(app: string, id: number): RingBuffer<string> {
    let slots = this.tails.get(app);
    if (!slots) this.tails.set(app, (slots = new Map()));
    let tail = slots.get(id);
    if (!tail) slots.set(id, (tail = new RingBuffer<string>(this.opts.tailSize)));
    return tail;
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

  private track(done: Promise<void>): void {
    this.closing.add(done);
    void done.finally(() => this.closing.delete(done));
  }
}

function waitAll(writers: LogWriter[]): Promise<void> {
  return writers.length === 1 ? writers[0]!.drained() : Promise.all(writers.map((w) => w.drained())).then(() => {});
}
