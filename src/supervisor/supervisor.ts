// The in-process supervisor: a set of apps, their logs, metrics and schedules, behind the
// Controller interface that the `run` command, the daemon's socket and the UI all use.
// No React, no terminal: every observable change is an event.
import { EventEmitter } from 'node:events';
import { UserError } from '../errors.js';
import { ensureHome } from '../home.js';
import { LogHub } from '../logs/log-hub.js';
import { join } from 'node:path';
import { AppGroup } from './app-group.js';
import { CrashReports } from './crash-reports.js';
import { requestDiagnostic, unavailable } from './diagnostics.js';
import type { Controller, LogQuery, SupervisorEvent } from '../model/controller.js';
import { decideUnhealthy } from './health-policy.js';
import { sampleProcesses } from './metrics-sampler.js';
import { ReaperClient } from './reaper-client.js';
import { startSchedules, type Schedules } from './schedules.js';
import { parseTarget } from '../model/targets.js';
import { resolveScale } from './scale-count.js';
import type { AppSpec, DiagnosticRequest, DiagnosticResult, LogLine, ReloadProgress, ReloadResult, Snapshot, SourceKind, Target } from '../model/types.js';
import type { SlotContext, WorkerSlot } from './worker-slot.js';
import { formatBytes } from '../format.js';

export interface SupervisorOptions {
  /** The home's root directory (logs go to `<home>/logs`). */
  home: string;
  source: Extract<SourceKind, 'run' | 'daemon'>;
  /** Metrics sampling period; default 1000 ms. */
  sampleMs?: number;
}

export class Supervisor implements Controller {
  private readonly apps = new Map<string, AppGroup>();
  private readonly schedules = new Map<string, Schedules>();
  private readonly events = new EventEmitter();
  private readonly logHub: LogHub;
  private readonly reaper = new ReaperClient((message) => this.emit({ type: 'notice', level: 'error', message }));
  private readonly ctx: SlotContext;
  private readonly sampler: NodeJS.Timeout;
  private readonly paths: ReturnType<typeof ensureHome>;
  private sampling = false;
  private shuttingDown: Promise<void> | null = null;

  constructor(private readonly opts: SupervisorOptions) {
    const paths = ensureHome(opts.home);
    this.paths = paths;
    this.events.setMaxListeners(0);
    this.logHub = new LogHub({
      logsDir: paths.logs,
      // A log file that fails at run time (disk full, unwritable path) must be seen, not lost.
      onError: (message) => this.emit({ type: 'notice', level: 'error', message }),
      onRecovered: (message) => this.emit({ type: 'notice', level: 'info', message }),
    });
    this.logHub.onBatch((lines) => this.emit({ type: 'logs', lines }));
    this.ctx = {
      logs: this.logHub,
      supervisorToken: this.reaper.token,
      track: (pid) => this.reaper.track(pid),
      untrack: (pid) => this.reaper.untrack(pid),
      changed: () => this.emit({ type: 'changed' }),
      reports: new CrashReports(join(paths.root, 'reports')),
      notice: (level, message) => this.emit({ type: 'notice', level, message }),
      unhealthy: (app, id, reason) => void this.healthReplace(app, id, reason),
    };
    this.sampler = setInterval(() => void this.sample(), opts.sampleMs ?? 1000);
    this.sampler.unref();
  }

  /** Resolves once the app's file watcher has scanned its paths (tests wait on it, not on sleeps). */
  async watchReady(app: string): Promise<void> {
    await this.schedules.get(app)?.ready;
  }

  /** CLMON_SUPERVISOR in every worker's environment: marks them and their descendants as ours. */
  get token(): string {
    return this.reaper.token;
  }

  async snapshot(detail = false): Promise<Snapshot> {
    return {
      apps: [...this.apps.values()].map((app) => {
        const info = app.info(detail);
        const logErrors = detail ? this.logHub.fileProblems(app.name) : [];
        if (logErrors.length > 0) info.logErrors = logErrors;
        return info;
      }),
    };
  }

  async logs(query: LogQuery): Promise<LogLine[]> {
    if (query.target && query.target !== 'all') parseTarget(query.target, this.appNames());
    return this.logHub.recentWithHistory(query);
  }

  async start(specs: AppSpec[]): Promise<void> {
    this.assertRunning();
    const taken = specs.filter((spec) => this.apps.has(spec.name)).map((spec) => spec.name);
    if (taken.length > 0) {
      const names = taken.map((n) => `"${n}"`).join(', ');
      throw new UserError(
        `${taken.length > 1 ? 'apps' : 'app'} ${names} already ${taken.length > 1 ? 'run' : 'runs'} here; ` +
          `use \`clmon restart <app>\` or \`clmon reload <app>\`, \`clmon delete <app>\` first to start it anew, ` +
          `or --name to start another copy under a new name`,
      );
    }
    // All or nothing: every app's log files are opened before any worker starts, so a bad path
    // in the last app starts nothing (the error names the app, the field and the path).
    const configured: string[] = [];
    try {
      for (const spec of specs) {
        this.logHub.configureApp(spec);
        configured.push(spec.name);
      }
    } catch (err) {
      await Promise.all(configured.map((name) => this.logHub.removeApp(name)));
      throw err;
    }
    for (const spec of specs) {
      const app = new AppGroup(spec, this.ctx, this.opts.source);
      this.apps.set(spec.name, app);
      app.startAll();
      const where = { home: this.paths.root, logsDir: this.paths.logs };
      this.schedules.set(
        spec.name,
        startSchedules(spec, (cause) => this.scheduledRestart(app, cause), where),
      );
    }
    this.emit({ type: 'changed' });
  }

  async restart(target: Target): Promise<void> {
    await Promise.all(
      this.resolve(target).map(({ app, ids, whole }) =>
        app.exclusive(async () => {
          await Promise.all(this.slotsNow(app, ids, whole, 'restart').map((slot) => slot.restart('manual')));
        }),
      ),
    );
  }

  async reload(target: Target, onProgress: (p: ReloadProgress) => void = () => {}): Promise<ReloadResult> {
    const parsed = parseTarget(target, this.appNames());
    if (parsed.kind === 'worker') {
      throw new UserError(`reload takes an app or all, not one worker ("${target}"); use \`clmon restart ${target}\``);
    }
    const report = (p: ReloadProgress): void => {
      onProgress(p);
      this.emit({ type: 'reload-progress', progress: p });
    };
    const replaced: number[] = [];
    for (const { app } of this.resolve(target)) {
      if (app.spec.execMode === 'fork') {
        this.emit({ type: 'notice', level: 'info', message: `${app.name} runs in fork mode, which cannot share a port: reload = restart` });
      }
      const result = await app.exclusive(() => {
        this.assertCurrent(app, 'reload');
        return app.reload('reload', report);
      });
      replaced.push(...result.replaced);
      if (!result.ok) return { ...result, replaced };
    }
    return { ok: true, replaced };
  }

  async scale(appName: string, count: string): Promise<number> {
    const { app } = this.resolve(appName)[0]!;
    return app.exclusive(async () => {
      this.assertCurrent(app, 'scale');
      const next = resolveScale(app.name, app.spec.instances, count);
      await app.scaleTo(next);
      return next;
    });
  }

  async stop(target: Target): Promise<void> {
    await Promise.all(
      this.resolve(target).map(({ app, ids, whole }) =>
        app.exclusive(() => Promise.all(this.slotsNow(app, ids, whole, 'stop').map((slot) => slot.stop('manual')))),
      ),
    );
  }

  async delete(target: Target): Promise<void> {
    const parsed = parseTarget(target, this.appNames());
    if (parsed.kind === 'worker') {
      throw new UserError(`delete takes an app or all, not one worker ("${target}"); use \`clmon scale\` or \`clmon stop ${target}\``);
    }
    await Promise.all(this.resolve(target).map(({ app }) => this.removeApp(app, 'manual')));
    this.emit({ type: 'changed' });
  }

  async specs(): Promise<AppSpec[]> {
    return [...this.apps.values()].map((app) => structuredClone(app.spec));
  }

  async flushLogs(target: Target): Promise<string[]> {
    const parsed = parseTarget(target, this.appNames());
    if (parsed.kind === 'worker') throw new UserError(`flush takes an app or all, not one worker ("${target}")`);
    const names = parsed.kind === 'all' ? this.appNames() : [parsed.app];
    return this.logHub.flushFiles(names);
  }

  async diagnose(target: Target, request: DiagnosticRequest): Promise<DiagnosticResult> {
    const parsed = parseTarget(target, this.appNames());
    if (parsed.kind !== 'worker') {
      const example = parsed.kind === 'app' ? `${parsed.app}:0` : 'web:0';
      throw new UserError(`${request.kind} takes one worker as <app>:<id> (e.g. ${example}), not "${target}"`);
    }
    const { app, ids } = this.resolve(target)[0]!;
    const slot = app.slotFor(ids[0]!);
    const worker = `${app.name}:${slot.id}`;
    const why = unavailable(worker, app.spec, slot.proc, slot.status);
    if (why) throw why;
    return requestDiagnostic(worker, app.name, slot.id, slot.proc!, request);
  }

  subscribe(listener: (event: SupervisorEvent) => void): () => void {
    this.events.on('event', listener);
    return () => this.events.off('event', listener);
  }

  /** Stop every worker gracefully (cause `shutdown`), close the logs; safe to call twice. */
  shutdown(): Promise<void> {
    this.shuttingDown ??= (async () => {
      clearInterval(this.sampler);
      await Promise.all([...this.apps.values()].map((app) => this.removeApp(app, 'shutdown')));
      await this.logHub.close();
      this.reaper.close();
    })();
    return this.shuttingDown;
  }

  private async removeApp(app: AppGroup, cause: 'manual' | 'shutdown'): Promise<void> {
    await this.schedules.get(app.name)?.close();
    this.schedules.delete(app.name);
    await app.exclusive(() => app.stopAll(cause));
    this.apps.delete(app.name);
    await this.logHub.removeApp(app.name);
  }

  /** A cron or watch trigger: reload (cluster) or restart (fork) the running slots only. */
  private async scheduledRestart(app: AppGroup, cause: 'cron' | 'watch'): Promise<void> {
    if (this.shuttingDown || !this.apps.has(app.name)) return;
    await app.exclusive(async () => {
      if (!this.isCurrent(app)) return; // deleted while the trigger waited
      for (const slot of app.orderedSlots()) {
        if (!slot.proc || slot.status === 'stopping') continue; // never restart a stopped worker
        if (app.spec.execMode === 'cluster') {
          const error = await app.replaceSlot(slot, cause);
          if (error) this.emit({ type: 'notice', level: 'error', message: `${cause} restart of ${app.name}:${slot.id} failed: ${error}` });
        } else {
          await slot.restart(cause);
        }
      }
    });
  }

  /** Sample CPU/RSS of every worker; replace those over max_memory_restart (docs/supervision.md#schedules). */
  private async sample(): Promise<void> {
    if (this.sampling || this.shuttingDown) return;
    this.sampling = true;
    try {
      const slots = [...this.apps.values()].flatMap((app) => app.orderedSlots().map((slot) => ({ app, slot })));
      const pids = slots.map(({ slot }) => slot.proc?.pid).filter((pid): pid is number => typeof pid === 'number');
      const samples = await sampleProcesses(pids);
      for (const { app, slot } of slots) {
        const sample = slot.proc?.pid ? samples.get(slot.proc.pid) : undefined;
        slot.cpu = sample?.cpu ?? 0;
        slot.memory = sample?.memory ?? 0;
        if (sample && slot.proc?.pid) slot.noteCpuTime(slot.proc.pid, sample.cpuSeconds);
        const limit = app.spec.maxMemoryRestart;
        if (sample && limit > 0 && sample.memory > limit && !slot.busy && slot.status === 'online') {
          void this.memoryRestart(app, slot.id, sample.memory);
        }
      }
      if (slots.length > 0) this.emit({ type: 'changed' });
    } finally {
      this.sampling = false;
    }
  }

  private async memoryRestart(app: AppGroup, id: number, memory: number): Promise<void> {
    const slot = app.slots.get(id);
    if (!slot) return;
    const proc = slot.proc;
    slot.busy = true;
    this.emit({
      type: 'notice',
      level: 'warn',
      message: `${app.name}:${id} uses ${formatBytes(memory)}, over max_memory_restart ${formatBytes(app.spec.maxMemoryRestart)}: replacing it`,
    });
    await app.exclusive(async () => {
      // Scaled away, deleted, or already replaced while this waited its turn: nothing to do.
      if (!this.isCurrent(app, slot) || slot.proc !== proc || !proc || proc.exited) return;
      if (app.spec.execMode === 'cluster') {
        const error = await app.replaceSlot(slot, 'memory');
        if (!error) return;
        this.emit({ type: 'notice', level: 'error', message: `memory replacement of ${app.name}:${id} failed (${error}); restarting it` });
      }
      await slot.restart('memory');
    });
    slot.busy = false;
  }

  /** Replace (cluster, without downtime) or restart (fork) an unhealthy worker (docs/supervision.md#memory-and-health). */
  private async healthReplace(appName: string, id: number, reason: string): Promise<void> {
    const app = this.apps.get(appName);
    const slot = app?.slots.get(id);
    if (!app || !slot || slot.busy || this.shuttingDown) return;
    const decision = decideUnhealthy(slot.health, app.spec.maxRestarts, reason);
    slot.health = decision.state;
    slot.busy = true;
    const what = decision.action === 'errored' ? 'giving up on it' : app.spec.execMode === 'cluster' ? 'replacing it' : 'restarting it';
    this.emit({ type: 'notice', level: 'warn', message: `${appName}:${id} is unhealthy (${reason}): ${what}` });
    try {
      await app.exclusive(async () => {
        const proc = slot.proc;
        if (!this.isCurrent(app, slot) || !proc || proc.exited || slot.status !== 'online') return;
        slot.markExitReason(proc, decision.reason);
        if (decision.action === 'errored') return slot.giveUp('unhealthy', decision.reason);
        if (app.spec.execMode === 'cluster') {
          const error = await app.replaceSlot(slot, 'unhealthy');
          if (!error) return;
          this.emit({ type: 'notice', level: 'error', message: `health replacement of ${appName}:${id} failed (${error}); restarting it` });
        }
        await slot.restart('unhealthy');
      });
    } finally {
      slot.busy = false;
    }
  }

  /** Still this supervisor's app (and slot): not deleted, scaled away or shut down meanwhile. */
  private isCurrent(app: AppGroup, slot?: WorkerSlot): boolean {
    if (this.shuttingDown || this.apps.get(app.name) !== app) return false;
    return slot === undefined || app.slots.get(slot.id) === slot;
  }

  private assertCurrent(app: AppGroup, action: string): void {
    if (!this.isCurrent(app)) throw new UserError(`app "${app.name}" was deleted while this ${action} waited for its turn; nothing was done`);
  }

  /**
   * The slots a queued action acts on, read when its turn comes: a whole app's slots as they are
   * now (scaled meanwhile), or the named ones that still exist; never a slot that is gone.
   */
  private slotsNow(app: AppGroup, ids: number[], whole: boolean, action: string): WorkerSlot[] {
    if (this.shuttingDown) return [];
    this.assertCurrent(app, action);
    if (whole) return app.orderedSlots();
    return ids.flatMap((id) => app.slots.get(id) ?? []);
  }

  /** The apps and slot ids a target names (`whole`: every slot of the app, whatever they become). */
  private resolve(target: Target): { app: AppGroup; ids: number[]; whole: boolean }[] {
    const parsed = parseTarget(target, this.appNames());
    if (parsed.kind === 'all') {
      return [...this.apps.values()].map((app) => ({ app, ids: [...app.slots.keys()], whole: true }));
    }
    const app = this.apps.get(parsed.app)!;
    if (parsed.kind === 'app') return [{ app, ids: [...app.slots.keys()], whole: true }];
    if (!app.slots.has(parsed.id)) {
      throw new UserError(`${parsed.app} has no worker ${parsed.id} (ids: ${[...app.slots.keys()].join(', ')})`);
    }
    return [{ app, ids: [parsed.id], whole: false }];
  }

  private appNames(): string[] {
    return [...this.apps.keys()];
  }

  private assertRunning(): void {
    if (this.shuttingDown) throw new UserError('the supervisor is shutting down');
  }

  private emit(event: SupervisorEvent): void {
    this.events.emit('event', event);
  }
}
