// The supervisor's one log object (docs/supervision.md#logs): pumps every worker pipe into the
// one line store (log-store.ts: numbered, sanitized lines, the merged ring, each slot's stderr
// tail, batches to followers such as the UI and sockets) and writes the on-disk files with disk
// backpressure.
import type { Readable } from 'node:stream';
import type { LogQuery } from '../model/controller.js';
import type { AppSpec, LogLine, LogStream } from '../model/types.js';
import { AppLogFiles } from './log-files.js';
import { withDefaults, type LogHubOptions, type LogHubStats } from './log-hub-options.js';
import type { LogFileProblem, LogWriter } from './log-writer.js';
import { pumpLines, type PumpStats } from './pump-lines.js';
import { LogStore } from './log-store.js';
import { safeText } from '../safe-text.js';

export type { LogHubOptions, LogHubStats } from './log-hub-options.js';

export class LogHub {
  private readonly store: LogStore;
  private readonly files = new Map<string, AppLogFiles>();
  private readonly closing = new Set<Promise<void>>();
  private readonly startedAt = Date.now();
  private readonly configured = new Set<string>();
  private readonly noHistory = new Set<string>();
  private closed = false;
  private readonly pumpStats: PumpStats = { pauses: 0 };
  private readonly opts: Required<LogHubOptions>;

  constructor(options: LogHubOptions) {
    this.opts = withDefaults(options);
    const { ringSize, maxRingChars, tailSize, batchMs, maxBatchLines, onError } = this.opts;
    this.store = new LogStore({ ringSize, maxRingChars, tailSize, batchMs, maxBatchLines, onError });
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
  stderrTail(app: string, id: number, n?: number): string[] {
    return this.store.stderrTail(app, id, n);
  }

  /** The n most recent lines in total matching the query, merged, oldest first. */
  recent(query: LogQuery): LogLine[] {
    return this.store.recent(query);
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
    if (found.length >= want || this.store.evicted || (target && target.includes(':'))) return found;
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
    return this.store.onBatch(listener);
  }

  /** Forget a slot's stderr tail (scaled down). */
  forgetSlot(app: string, id: number): void {
    this.store.forgetSlot(app, id);
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
    this.store.forgetApp(app);
    if (files) await files.close();
  }

  /** Deliver what is pending, then flush and close every file. */
  async close(): Promise<void> {
    this.store.close();
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
      ...this.store.stats(),
      pauses: this.pumpStats.pauses,
      fileBufferedBytes,
    };
  }

  /** Take in lines of one pipe: the store (ring, tail, batch), then the files; a promise if the disk is behind. */
  private ingest(app: string, id: number, stream: LogStream, raw: string[], pid: number | undefined): Promise<void> | undefined {
    if (this.closed) return undefined;
    const at = Date.now();
    for (const text of raw) this.store.add(app, id, stream, text, at, pid);
    const behind = this.files.get(app)?.write(id, stream, raw, at);
    return behind && behind.length > 0 ? waitAll(behind) : undefined;
  }

  private track(done: Promise<void>): void {
    this.closing.add(done);
    void done.finally(() => this.closing.delete(done));
  }
}

function waitAll(writers: LogWriter[]): Promise<void> {
  return writers.length === 1 ? writers[0]!.drained() : Promise.all(writers.map((w) => w.drained())).then(() => {});
}
