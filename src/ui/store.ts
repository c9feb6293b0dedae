// The TUI's state lives outside React: this store follows a Source, merges what it hears and
// publishes immutable snapshots at a bounded rate, so a log flood or a burst of `changed` events
// costs a fixed number of renders per second. React reads it with useSyncExternalStore.
import { messageOf } from '../errors.js';
import type { SupervisorEvent } from '../model/controller.js';
import type { LogLine, ReloadProgress, ReloadResult, Snapshot } from '../model/types.js';
import type { Source } from '../model/source.js';
import { backfillRange, mergeBackfill, withoutRepeats, type BackfillRange } from './backfill-merge.js';
import { sampleHost, type CpuTimes } from './host-stats.js';
import type { HostExtras } from './host-extras.js';
import { LogRing } from './log-ring.js';
import { CoalescedTask, Throttle } from './rate-limit.js';
import { appendSamples } from './metric-history.js';
import { recordProgress, recordResult } from './reload-tracker.js';
import type { StatusLevel, TuiState } from './tui-state.js';

export type { StatusLevel, StatusMessage, TuiState } from './tui-state.js';

export interface TuiStoreOptions {
  logCapacity?: number;
  /** Minimum time between two publications (and two snapshot requests). */
  publishIntervalMs?: number;
  /** Clock tick: refreshes countdowns and uptimes, and polls a snapshot if none came. */
  tickMs?: number;
  /** Host CPU and memory sampling, rounded to whole ticks; 0 turns it off. */
  hostIntervalMs?: number;
  /** Memory available, log disk space, cgroup limits (systeminformation); 0 turns it off, as does hostIntervalMs 0. */
  hostExtrasIntervalMs?: number;
  /** The logs directory whose filesystem's free space the header shows; '' = none. */
  logsDir?: string;
  historyLength?: number;
  now?: () => number;
}

const SAMPLE_GAP_MS = 900;

/** What the commands of keys (commands.ts, diagnostics-commands.ts) may do with the store. */
export type StoreHooks = Pick<TuiStore, 'setStatus' | 'recordReload' | 'finishReload' | 'refresh' | 'getState'>;

/** Follows a Source for the TUI; see the file comment. */
export class TuiStore {
  private readonly listeners = new Set<() => void>();
  private readonly ring: LogRing;
  private readonly opts: Required<TuiStoreOptions>;
  private state: TuiState;
  private publishedLogVersion = -1;
  private unsubscribe: (() => void) | null = null;
  private timers: NodeJS.Timeout[] = [];
  private readonly publisher: Throttle;
  private readonly fetcher: CoalescedTask;
  private lastSampleAt = -Infinity;
  private hostTimes: CpuTimes | null = null;
  private hostExtras: HostExtras | null = null;
  private ticks = 0;
  private stopped = false;
  private draft: Omit<TuiState, 'logs' | 'now'>;
  /** The seq range of the backfill, while live batches may still repeat its newest lines. */
  private backfilled: BackfillRange | null = null;

  constructor(
    private readonly source: Source,
    options: TuiStoreOptions = {},
  ) {
    this.opts = {
      logCapacity: 5000,
      publishIntervalMs: 100,
      tickMs: 1000,
      hostIntervalMs: 2000,
      hostExtrasIntervalMs: 10_000,
      logsDir: '',
      historyLength: 60,
      now: Date.now,
      ...options,
    };
    this.ring = new LogRing(this.opts.logCapacity);
    this.publisher = new Throttle(() => this.publish(), this.opts.publishIntervalMs, this.opts.now);
    this.fetcher = new CoalescedTask(() => this.fetchSnapshot(), this.opts.publishIntervalMs, this.opts.now);
    this.draft = {
      snapshot: null,
      snapshotAt: 0,
      snapshotError: null,
      history: new Map(),
      reloads: new Map(),
      status: null,
      host: null,
      quitting: false,
    };
    this.state = { ...this.draft, logs: [], now: this.opts.now() };
  }

  /** The current published state (stable identity until the next publication). */
  getState = (): TuiState => this.state;

  /** Called after each publication; returns the unsubscribe function. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Follow the source; resolves once the log backfill is merged (failures go to the status line). */
  async start(): Promise<void> {
    this.unsubscribe = this.source.subscribe(this.onEvent);
    this.fetcher.request();
    if (this.opts.hostIntervalMs > 0) this.sampleHost();
    this.every(this.opts.tickMs, () => this.tick());
    if (this.opts.hostIntervalMs > 0 && this.opts.hostExtrasIntervalMs > 0) {
      // slow and lazy: systeminformation is imported after the first frame, sampled every 10 s
      const sample = (): void => void this.sampleHostExtras();
      const first = setTimeout(sample, 500);
      first.unref();
      this.timers.push(first);
      this.every(this.opts.hostExtrasIntervalMs, sample);
    }
    try {
      this.mergeBackfill(await this.source.logs({ lines: this.opts.logCapacity }));
    } catch (err) {
      this.setStatus('warn', `could not load recent logs: ${messageOf(err)}`);
    }
  }

  /** Stop following and release every timer. */
  stop(): void {
    this.stopped = true;
    this.unsubscribe?.();
    this.unsubscribe = null;
    for (const t of this.timers) clearInterval(t);
    this.publisher.cancel();
    this.fetcher.cancel();
  }

  /** Show the outcome of an action (nothing fails silently). */
  setStatus(level: StatusLevel, text: string): void {
    this.update({ status: { level, text, at: this.opts.now() } });
  }

  /** One step of a reload, from an event or from the reload() callback. */
  recordReload(progress: ReloadProgress): void {
    this.update({ reloads: recordProgress(this.draft.reloads, progress, this.opts.now()) });
  }

  /** The reload of `app` finished. */
  finishReload(app: string, result: ReloadResult): void {
    this.update({ reloads: recordResult(this.draft.reloads, app, result, this.opts.now()) });
  }

  /** Show that the TUI is on its way out (keys are ignored from now on). */
  markQuitting(): void {
    this.update({ quitting: true });
  }

  /** Ask for a fresh snapshot now (after an action), coalesced like `changed`. */
  refresh(): void {
    this.fetcher.request();
  }

  private readonly onEvent = (event: SupervisorEvent): void => {
    if (this.stopped) return;
    if (event.type === 'changed') this.fetcher.request();
    else if (event.type === 'logs') {
      this.ring.push(this.notBackfilled(event.lines));
      this.publisher.schedule();
    } else if (event.type === 'reload-progress') this.recordReload(event.progress);
    else this.setStatus(event.level, event.message);
  };

  /** Merge the backfill with what arrived live meanwhile, each line once (backfill-merge.ts). */
  private mergeBackfill(lines: readonly LogLine[]): void {
    this.backfilled = backfillRange(lines);
    if (!this.backfilled) return;
    this.ring.reset(mergeBackfill(this.ring.toArray(), lines));
    this.publisher.schedule();
  }

  /** Live lines minus those the backfill already brought; once past it, every line passes. */
  private notBackfilled(lines: readonly LogLine[]): readonly LogLine[] {
    const range = this.backfilled;
    if (!range || lines.length === 0) return lines;
    if (lines[lines.length - 1]!.seq > range.max) this.backfilled = null;
    return withoutRepeats(lines, range);
  }

  private async fetchSnapshot(): Promise<void> {
    try {
      this.acceptSnapshot(await this.source.snapshot(true));
    } catch (err) {
      if (!this.stopped) this.update({ snapshotError: messageOf(err) });
    }
  }

  private acceptSnapshot(snapshot: Snapshot): void {
    if (this.stopped) return;
    const now = this.opts.now();
    let history = this.draft.history;
    if (now - this.lastSampleAt >= SAMPLE_GAP_MS) {
      this.lastSampleAt = now;
      history = appendSamples(history, snapshot, this.opts.historyLength);
    }
    this.update({ snapshot, snapshotAt: now, snapshotError: null, history });
  }

  /**
   * Once a second: poll a snapshot if no `changed` brought one (metrics), else republish for the
   * clock (uptimes, countdowns) unless a publication just did. Host numbers ride along, so that
   * an idle dashboard costs about one render a second.
   */
  private tick(): void {
    const now = this.opts.now();
    const hostEvery = Math.max(1, Math.round(this.opts.hostIntervalMs / this.opts.tickMs));
    if (this.opts.hostIntervalMs > 0 && ++this.ticks % hostEvery === 0) this.sampleHost();
    if (now - this.fetcher.lastStart >= this.opts.tickMs * 0.9) this.fetcher.request();
    else if (now - this.publisher.last >= this.opts.tickMs * 0.9) this.publisher.schedule();
  }

  private sampleHost(): void {
    const { stats, times } = sampleHost(this.hostTimes);
    this.hostTimes = times;
    this.draft = { ...this.draft, host: { ...stats, extras: this.hostExtras } }; // published with the tick's snapshot or clock
  }

  private update(change: Partial<Omit<TuiState, 'logs' | 'now'>>): void {
    this.draft = { ...this.draft, ...change };
    this.publisher.schedule();
  }

  private publish(): void {
    if (this.stopped) return;
    let logs = this.state.logs;
    if (this.ring.version !== this.publishedLogVersion) {
      logs = this.ring.toArray();
      this.publishedLogVersion = this.ring.version;
    }
    this.state = { ...this.draft, logs, now: this.opts.now() };
    for (const listener of this.listeners) listener();
  }

  private async sampleHostExtras(): Promise<void> {
    const { sampleHostExtras } = await import('./host-extras.js');
    const extras = await sampleHostExtras(this.opts.logsDir || undefined);
    if (this.stopped) return;
    this.hostExtras = extras;
    if (this.draft.host) this.draft = { ...this.draft, host: { ...this.draft.host, extras } };
  }

  private every(ms: number, fn: () => void): void {
    const timer = setInterval(fn, ms);
    timer.unref();
    this.timers.push(timer);
  }
}
