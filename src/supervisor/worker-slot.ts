// One slot of an app (docs/supervision.md#slots-and-states): a stable id, the current process, and the state machine
// launching → online → stopping → stopped, with waiting (restart scheduled) and errored (given up).
import { decideAfterExit, initialRestartState, type RestartState } from './restart-policy.js';
import { gracefulStop, waitExit } from './graceful-stop.js';
import { WorkerProcess, runsOnNode, type ExitInfo, type HelperMessage } from './worker-process.js';
import type { CrashReports } from './crash-reports.js';
import { checkHealth, hasHealthLimits, initialHealthCounts, initialSlotHealth, noteSample, type HealthCounts, type SlotHealth } from './health-policy.js';
import { toRuntimeSample } from '../model/runtime-sample.js';
import type { AppSpec, ExitCause, ExitRecord, RuntimeSample, WorkerCounters, WorkerInfo, WorkerStatus } from '../model/types.js';
import { stopLeftovers } from './kill-tree.js';
import type { Readable } from 'node:stream';
import { exitSummary, pushExit } from '../model/exits.js';
import { messageOf } from '../errors.js';

/** An exit record's stderr tail is bounded in bytes too: 20 lines of 64 KiB × 50 exits would be
 * 64 MB per slot in every detailed snapshot. Each line is cut, and the oldest lines go first. */
const TAIL_LINE_CHARS = 1024;
const TAIL_TOTAL_CHARS = 4096;

/** The last lines that fit TAIL_TOTAL_CHARS, each cut to TAIL_LINE_CHARS (with an ellipsis). */
export function boundedTail(lines: string[]): string[] {
  const kept: string[] = [];
  let total = 0;
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!.length > TAIL_LINE_CHARS ? `${lines[i]!.slice(0, TAIL_LINE_CHARS - 1)}…` : lines[i]!;
    if (total + line.length > TAIL_TOTAL_CHARS) break;
    total += line.length;
    kept.unshift(line);
  }
  return kept;
}

/** How long an exit waits for the last lines of the worker's pipes before it is recorded. */
const PIPE_FLUSH_WAIT_MS = 300;

/** What a slot needs from its supervisor. */
export interface SlotContext {
  logs: {
    attach(app: string, id: number, stdout: Readable | null, stderr: Readable | null, pid?: number): Promise<void>;
    stderrTail(app: string, id: number, n?: number): string[];
    forgetSlot(app: string, id: number): void;
  };
  /** Marks every worker (and its descendants) as this supervisor's, for the reaper. */
  supervisorToken: string;
  /** The reaper kills tracked pids if the supervisor dies. */
  track(pid: number): void;
  untrack(pid: number): void;
  changed(): void;
  /** Diagnostic reports of crashed workers (docs/supervision.md#crash-forensics-and-diagnostics); absent: none are written. */
  reports?: CrashReports;
  notice(level: 'info' | 'warn' | 'error', message: string): void;
  /** A worker was over a health limit `unhealthy_checks` samples in a row (docs/supervision.md#memory-and-health). */
  unhealthy?(app: string, id: number, reason: string): void;
}

export class WorkerSlot {
  status: WorkerStatus = 'stopped';
  proc: WorkerProcess | null = null;
  restarts = 0;
  /** Most recent first. */
  exits: ExitRecord[] = [];
  reason: string | undefined;
  cpu = 0;
  memory = 0;
  /** A memory replacement or similar is under way: samplers must not trigger another. */
  busy = false;
  /** The current process's latest runtime sample (docs/supervision.md#runtime-metrics). */
  runtime: RuntimeSample | null = null;
  /** Health replacements since the last healthy minute (docs/supervision.md#memory-and-health). */
  health: SlotHealth = initialSlotHealth;
  private healthCounts: HealthCounts = initialHealthCounts;
  /** Totals across this slot's processes (the metrics endpoint's counters). */
  private readonly counters: WorkerCounters = { cpuSeconds: 0, httpRequests: 0, http5xx: 0, gcSeconds: 0 };
  private cpuOf: { pid: number; seconds: number } | null = null;
  /** Why a process was stopped, beyond its cause (`unhealthy`: which limit, by how much). */
  private readonly exitReasons = new WeakMap<WorkerProcess, string>();
  private policy: RestartState = initialRestartState;
  private restartTimer: NodeJS.Timeout | null = null;
  private restartAt = 0;

  constructor(
    private readonly spec: () => AppSpec,
    readonly id: number,
    private readonly ctx: SlotContext,
  ) {}

  private get app(): string {
    return this.spec().name;
  }

  /** Start a process in this slot (from stopped, waiting or errored). */
  launch(): WorkerProcess {
    this.cancelRestart();
    // Each exit record keeps the stderr of its own run, not of the runs before it.
    this.ctx.logs.forgetSlot(this.app, this.id);
    const proc = this.spawnProcess();
    this.adopt(proc);
    return proc;
  }

  /** Spawn a process for this slot without making it current (a reload's replacement). */
  spawnProcess(): WorkerProcess {
    const proc = WorkerProcess.spawn(this.spec(), this.id, this.ctx.supervisorToken, { reportDir: this.reportDir() });
    const piped = this.ctx.logs.attach(this.app, this.id, proc.stdout, proc.stderr, proc.pid ?? undefined);
    if (proc.pid !== null) this.ctx.track(proc.pid);
    proc.once('spawn-error', (err: Error) => this.ctx.notice('error', `${this.app}:${this.id}: cannot start ${this.spec().script}: ${err.message}`));
    proc.once('exit', (exit: ExitInfo) => void this.onProcessExit(proc, exit, piped));
    proc.on('helper', (message: HelperMessage) => this.onHelper(proc, message));
    return proc;
  }

  /** Make `proc` the slot's current process (on launch, or when a reload's replacement is ready). */
  adopt(proc: WorkerProcess): void {
    // A restart scheduled for the process this one replaces (it crashed while a reload waited
    // for its replacement) must not launch a third process next to this one.
    this.cancelRestart();
    this.proc = proc;
    this.cpu = 0;
    this.memory = 0;
    this.reason = undefined;
    this.runtime = null;
    this.healthCounts = initialHealthCounts;
    this.setStatus(proc.isReady ? 'online' : 'launching');
    proc.once('ready', () => {
      if (this.proc === proc && this.status === 'launching') this.setStatus('online');
    });
    // Without wait_ready/listening a worker is online once it runs; with wait_ready, give it
    // listen_timeout to say so (PM2 does the same), then show it online anyway.
    const spec = this.spec();
    if (!proc.isReady) {
      const timer = setTimeout(
        () => {
          if (this.proc === proc && this.status === 'launching' && !proc.exited) this.setStatus('online');
        },
        spec.waitReady ? spec.listenTimeout : Math.min(spec.listenTimeout, 1000),
      );
      proc.once('exit', () => clearTimeout(timer));
      proc.once('ready', () => clearTimeout(timer));
    }
  }

  /** Stop gracefully (docs/supervision.md#stopping); the slot ends `stopped`. */
  async stop(cause: ExitCause): Promise<void> {
    this.cancelRestart();
    const proc = this.proc;
    if (!proc) {
      this.reason = undefined;
      this.setStatus('stopped');
      return;
    }
    this.setStatus('stopping');
    await this.stopProcess(proc, cause);
    await this.settled(proc);
    if (this.proc === proc) this.proc = null;
    this.setStatus('stopped');
  }

  /** Stop, then start again at once; a manual restart also clears the crash-loop count. */
  async restart(cause: ExitCause): Promise<void> {
    await this.stop(cause);
    this.policy = initialRestartState;
    if (cause === 'manual') this.health = initialSlotHealth;
    this.restarts++;
    this.launch();
  }

  /** Replace the current process by `next` (already ready) and stop the old one gracefully. */
  async swapIn(next: WorkerProcess, cause: ExitCause): Promise<void> {
    const old = this.proc;
    this.restarts++;
    this.adopt(next);
    if (old) {
      await this.stopProcess(old, cause);
      await this.settled(old);
    }
  }

  /** gracefulStop, and a word when the drain before it had to give up (docs/supervision.md#reload). */
  private async stopProcess(proc: WorkerProcess, cause: ExitCause): Promise<void> {
    await gracefulStop(proc, this.spec(), cause);
    if (proc.drainOutcome === 'timeout') {
      this.ctx.notice(
        'warn',
        `${this.app}:${this.id}: connections still open after drain_timeout ${this.spec().drainTimeout} ms; pid ${proc.pid} was stopped anyway`,
      );
    }
  }

  /** The sampler's CPU time (user + system, s) of the current process, added to the slot's total. */
  noteCpuTime(pid: number, seconds: number): void {
    const previous = this.cpuOf?.pid === pid ? this.cpuOf.seconds : 0;
    if (seconds > previous) this.counters.cpuSeconds += seconds - previous;
    this.cpuOf = { pid, seconds: Math.max(seconds, previous) };
  }

  /** Record `reason` with the exit of `proc` (set before stopping it). */
  markExitReason(proc: WorkerProcess, reason: string): void {
    this.exitReasons.set(proc, reason);
  }

  /** Stop for good and show `errored` with `reason` (health replacements exhausted). */
  async giveUp(cause: ExitCause, reason: string): Promise<void> {
    await this.stop(cause);
    this.reason = reason;
    this.setStatus('errored');
    this.ctx.notice('error', `${this.app}:${this.id} errored: ${reason}`);
  }

  info(detail: boolean): WorkerInfo {
    const proc = this.proc;
    const running = proc !== null && !proc.exited && (this.status === 'online' || this.status === 'stopping');
    const last = this.exits[0];
    const info: WorkerInfo = {
      id: this.id,
      pid: proc?.pid ?? null,
      status: this.status,
      restarts: this.restarts,
      uptimeMs: running ? Date.now() - proc.startedAt : 0,
      cpu: this.cpu,
      memory: this.memory,
      lastExit: last ? exitSummary(last) : null,
      runtime: proc && !proc.exited ? this.runtime : null,
      counters: { ...this.counters },
    };
    if (this.status === 'waiting') info.restartInMs = Math.max(0, this.restartAt - Date.now());
    if (this.status === 'errored') info.reason = this.reason;
    if (detail) info.exits = this.exits.map((e) => ({ ...e, stderrTail: [...e.stderrTail] }));
    return info;
  }

  /** Cancel a scheduled restart (stop, delete, scale down). */
  cancelRestart(): void {
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
  }

  private exitRecorded = new WeakMap<WorkerProcess, Promise<void>>();

  /** Resolves once `proc`'s exit has been recorded. */
  private settled(proc: WorkerProcess): Promise<void> {
    return waitExit(proc).then(() => this.exitRecorded.get(proc));
  }

  private onProcessExit(proc: WorkerProcess, exit: ExitInfo, piped: Promise<void>): Promise<void> {
    const recorded = this.recordExit(proc, exit, piped);
    this.exitRecorded.set(proc, recorded);
    return recorded;
  }

  private async recordExit(proc: WorkerProcess, exit: ExitInfo, piped: Promise<void>): Promise<void> {
    // The pipes may still hold the last lines (the stderr we want in the crash record). Meanwhile
    // whatever the process started is stopped too: a crash must not leave orphans (docs/supervision.md#stopping).
    await Promise.all([Promise.race([piped, new Promise((r) => setTimeout(r, PIPE_FLUSH_WAIT_MS))]), stopLeftovers([], proc.markers)]);
    if (proc.pid !== null) this.ctx.untrack(proc.pid);
    const uptimeMs = Date.now() - proc.startedAt;
    const cause: ExitCause = proc.stopCause ?? 'crash';
    const stderrTail = boundedTail(this.ctx.logs.stderrTail(this.app, this.id, 20));
    const crash = proc.reportDir && proc.pid !== null && this.ctx.reports ? await this.ctx.reports.collect(this.app, proc.pid) : {};
    const reason = proc.stopCause ? this.exitReasons.get(proc) : undefined;
    pushExit(this.exits, {
      at: new Date().toISOString(),
      code: exit.code,
      signal: exit.signal,
      uptimeMs,
      cause,
      ...(reason ? { reason } : {}),
      killed: proc.killed,
      stderrTail,
      ...crash,
    });
    if (this.proc !== proc) {
      this.ctx.changed(); // a retired process (reload, failed replacement)
      return;
    }
    if (proc.stopCause) {
      this.ctx.changed(); // stop() is waiting for this and sets the status
      return;
    }
    this.proc = null;
    this.afterCrash({ ...exit, uptimeMs });
  }

  private afterCrash(exit: ExitInfo & { uptimeMs: number }): void {
    const decision = decideAfterExit(this.spec(), this.policy, exit);
    this.policy = decision.state;
    if (decision.action === 'errored') {
      this.reason = decision.reason;
      this.setStatus('errored');
      this.ctx.notice('error', `${this.app}:${this.id} errored: ${decision.reason}`);
      return;
    }
    if (decision.action === 'stopped') {
      this.setStatus('stopped');
      return;
    }
    if (decision.delayMs <= 0) {
      this.restarts++;
      this.launch();
      return;
    }
    this.restartAt = Date.now() + decision.delayMs;
    this.setStatus('waiting');
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      this.restarts++;
      this.launch();
    }, decision.delayMs);
  }

  /** A message of the worker helper: keep the current process's runtime sample, check its health. */
  private onHelper(proc: WorkerProcess, message: HelperMessage): void {
    if (message.clmon !== 'runtime') return;
    this.addCounts(message.counts); // a draining or not yet adopted process still counts
    if (this.proc !== proc) return;
    const sample = toRuntimeSample(message);
    if (!sample) return;
    this.runtime = sample;
    const spec = this.spec();
    if (!hasHealthLimits(spec) || this.status !== 'online' || this.busy) return;
    const check = checkHealth(spec, this.healthCounts, sample);
    this.healthCounts = check.counts;
    this.health = noteSample(this.health, check.healthy, Date.now());
    if (check.unhealthy) {
      this.healthCounts = initialHealthCounts;
      this.ctx.unhealthy?.(this.app, this.id, check.unhealthy);
    }
  }

  private addCounts(raw: unknown): void {
    if (!raw || typeof raw !== 'object') return;
    const counts = raw as Record<string, unknown>;
    const n = (key: string): number =>
      typeof counts[key] === 'number' && Number.isFinite(counts[key]) && (counts[key] as number) > 0 ? (counts[key] as number) : 0;
    this.counters.httpRequests += Math.round(n('httpRequests'));
    this.counters.http5xx += Math.round(n('http5xx'));
    this.counters.gcSeconds += n('gcMs') / 1000;
  }

  /** The app's report directory for the next spawn, if reports apply (Node workers, not turned off). */
  private reportDir(): string | undefined {
    const spec = this.spec();
    if (!this.ctx.reports || !spec.diagnosticReports || !runsOnNode(spec)) return undefined;
    try {
      return this.ctx.reports.dirFor(spec.name);
    } catch (err) {
      this.ctx.notice('warn', `${spec.name}:${this.id}: no diagnostic report on a crash: ${messageOf(err)}`);
      return undefined;
    }
  }

  private setStatus(status: WorkerStatus): void {
    this.status = status;
    this.ctx.changed();
  }
}
