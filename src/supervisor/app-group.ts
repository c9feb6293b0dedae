// One app: its slots, and the actions that touch several of them (start, scale, rolling reload,
// stop). Actions on one app run one at a time, in order; crash restarts never wait for them.
import { drainWorker } from './drain-worker.js';
import { killNow, waitExit } from './graceful-stop.js';
import { WorkerSlot, type SlotContext } from './worker-slot.js';
import type { WorkerProcess } from './worker-process.js';
import { configView } from './config-view.js';
import type { AppInfo, AppSpec, ExitCause, ReloadProgress, ReloadResult } from '../model/types.js';

export class AppGroup {
  readonly slots = new Map<number, WorkerSlot>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    public spec: AppSpec,
    private readonly ctx: SlotContext,
    readonly source: AppInfo['source'],
  ) {}

  get name(): string {
    return this.spec.name;
  }

  /** Run `action` after every action queued before it on this app. */
  exclusive<T>(action: () => Promise<T>): Promise<T> {
    const run = this.queue.then(action, action);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Launch every slot 0..instances-1. */
  startAll(): void {
    for (let id = 0; id < this.spec.instances; id++) this.slotFor(id).launch();
  }

  /** Set the number of slots: up fills the lowest free ids, down stops the highest ones. */
  async scaleTo(count: number): Promise<void> {
    this.spec = { ...this.spec, instances: count };
    const ids = [...this.slots.keys()].sort((a, b) => a - b);
    const surplus = ids.filter((id) => id >= count);
    await Promise.all(
      surplus.map(async (id) => {
        await this.slots.get(id)!.stop('scale');
        this.slots.delete(id);
        this.ctx.logs.forgetSlot(this.name, id);
      }),
    );
    for (let id = 0; id < count; id++) {
      if (!this.slots.has(id)) this.slotFor(id).launch();
    }
    this.ctx.changed();
  }

  /** Rolling reload (docs/supervision.md#reload): one slot at a time, old worker stopped only once the new is ready. */
  async reload(cause: ExitCause, onProgress: (p: ReloadProgress) => void): Promise<ReloadResult> {
    const replaced: number[] = [];
    for (const slot of this.orderedSlots()) {
      if (this.spec.execMode === 'fork' || !slot.proc || slot.proc.exited) {
        // Fork mode cannot share a port, and a slot with no process has nothing to keep serving.
        onProgress({ app: this.name, id: slot.id, phase: 'restarting' });
        await slot.restart(cause);
        onProgress({ app: this.name, id: slot.id, phase: 'done', pid: slot.proc?.pid ?? undefined });
        replaced.push(slot.id);
        continue;
      }
      const error = await this.replaceSlot(slot, cause, onProgress);
      if (error) {
        onProgress({ app: this.name, id: slot.id, phase: 'failed', message: error });
        return { ok: false, error: `${this.name}:${slot.id}: ${error}; the old workers keep serving`, replaced };
      }
      replaced.push(slot.id);
    }
    return { ok: true, replaced };
  }

  /** Zero-downtime replacement of one slot's process; returns an error message if it failed. */
  async replaceSlot(slot: WorkerSlot, cause: ExitCause, onProgress: (p: ReloadProgress) => void = () => {}): Promise<string | null> {
    slot.busy = true;
    try {
      onProgress({ app: this.name, id: slot.id, phase: 'starting' });
      const next = slot.spawnProcess();
      const failure = await this.waitReady(next);
      if (failure) {
        // A replacement that listens but never said 'ready' (wait_ready) already gets connections
        // from the round-robin: drain it too before it is killed (docs/supervision.md#reload).
        await drainWorker(next, this.spec);
        await killNow(next, cause);
        return failure;
      }
      onProgress({ app: this.name, id: slot.id, phase: 'ready', pid: next.pid ?? undefined });
      onProgress({ app: this.name, id: slot.id, phase: 'stopping-old', pid: next.pid ?? undefined });
      await slot.swapIn(next, cause);
      onProgress({ app: this.name, id: slot.id, phase: 'done', pid: next.pid ?? undefined });
      return null;
    } finally {
      slot.busy = false;
    }
  }

  /** Stop every slot gracefully, all at once. */
  async stopAll(cause: ExitCause): Promise<void> {
    await Promise.all([...this.slots.values()].map((slot) => slot.stop(cause)));
  }

  info(detail: boolean): AppInfo {
    const info: AppInfo = {
      name: this.name,
      mode: this.spec.execMode,
      instances: this.spec.instances,
      source: this.source,
      workers: this.orderedSlots().map((slot) => slot.info(detail)),
    };
    if (detail) info.config = configView(this.spec);
    return info;
  }

  orderedSlots(): WorkerSlot[] {
    return [...this.slots.values()].sort((a, b) => a.id - b.id);
  }

  slotFor(id: number): WorkerSlot {
    let slot = this.slots.get(id);
    if (!slot) {
      slot = new WorkerSlot(() => this.spec, id, this.ctx);
      this.slots.set(id, slot);
    }
    return slot;
  }

  /** Ready (listening / 'ready') within listen_timeout, or why not. */
  private waitReady(proc: WorkerProcess): Promise<string | null> {
    if (proc.isReady) return Promise.resolve(null);
    const what = this.spec.waitReady ? "the 'ready' message" : 'listening';
    return new Promise((resolve) => {
      const timer = setTimeout(
        () => resolve(`replacement pid ${proc.pid} was not ready (${what}) within listen_timeout ${this.spec.listenTimeout} ms`),
        this.spec.listenTimeout,
      );
      proc.once('ready', () => {
        clearTimeout(timer);
        resolve(null);
      });
      void waitExit(proc).then((exit) => {
        clearTimeout(timer);
        const how = exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`;
        resolve(`replacement pid ${proc.pid} exited (${how}) before it was ready`);
      });
    });
  }
}
