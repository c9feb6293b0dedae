// Attach to a running PM2 daemon (docs/cli.md#where-a-command-looks `--pm2`): its processes polled once a second over
// rpc.sock and shown as clmon apps, its logs and events followed on pub.sock, and clmon's actions
// mapped to PM2's calls. Talks the wire protocol itself: no `pm2` package at run time (AGPL).
import { tildePath } from '../../home.js';
import type { SourceCapabilities } from '../../model/source.js';
import type { LogStream, ReloadProgress, ReloadResult, Snapshot, Target } from '../../model/types.js';
import { ExternalSource } from '../common/external-source.js';
import { reloadPm2, restartPm2, scalePm2, stopPm2, type Pm2ActionContext } from './pm2-actions.js';
import { Pm2ExitHistory, type Pm2ExitEvent } from './pm2-exits.js';
import { openPm2Link, resolvePm2Home, type Pm2Link } from './pm2-link.js';
import { Pm2LogLines, readPm2LogTails, type Pm2LogPacket } from './pm2-logs.js';
import { assignSlots, instanceOf, signature, toApps } from './pm2-processes.js';
import type { Pm2Env, Pm2Process, Pm2Worker } from './pm2-types.js';

export interface Pm2SourceOptions {
  /** Default: env PM2_HOME, else ~/.pm2. */
  pm2Home?: string;
  /** Poll period of the process list (default 1000 ms). */
  pollMs?: number;
}

const CAPABILITIES: Omit<SourceCapabilities, 'start' | 'delete' | 'diagnostics'> = {
  restart: true,
  reload: true,
  scale: true,
  stopStart: true,
  kill: 'SIGKILL is only for --pid: PM2 would restart a killed process at once (use r to restart it)',
};
const BACKFILL_LINES = 1000;
/** Events that arrive while attaching are held (bounded) and replayed after the backfill. */
const MAX_EARLY_EVENTS = 10_000;
/** A snapshot older than this is refreshed before it is returned. */
const FRESH_MS = 500;

/** Attach to the PM2 daemon of a PM2 home; a RuntimeError (exit 1) if none runs. Never starts one. */
export async function createPm2Source(opts: Pm2SourceOptions = {}): Promise<Pm2Source> {
  const source = new Pm2Source(resolvePm2Home(opts.pm2Home), opts.pollMs ?? 1000);
  await source.attach();
  return source;
}

export class Pm2Source extends ExternalSource {
  readonly kind = 'pm2';
  private readonly exits = new Pm2ExitHistory();
  private workers: Pm2Worker[] = [];
  /** Slots learnt from process events for processes the last poll did not list yet. */
  private readonly eventSlots = new Map<number, { app: string; id: number }>();
  private readonly logLines = new Pm2LogLines(this.logStore, (pmId, name) => {
    const worker = this.workers.find((w) => w.pmId === pmId);
    return worker ? { app: worker.app, id: worker.id } : (this.eventSlots.get(pmId) ?? { app: name, id: pmId });
  });
  private link!: Pm2Link;
  private ready = false;
  private lastSignature = '';
  private lastFetchAt = 0;
  private fetchSeq = 0;
  private appliedSeq = 0;
  private readonly early: [string, unknown][] = [];

  /** Use createPm2Source(): a source is usable once attach() resolved. */
  constructor(
    private readonly home: string,
    pollMs: number,
  ) {
    super(`pm2 ${tildePath(home)}`, CAPABILITIES, pollMs);
  }

  /** Reconnect to a daemon that went away (it restarted), then list the processes. */
  protected async tick(): Promise<void> {
    if (!this.link.connected) {
      if (!(await this.link.reconnect())) return;
      this.emit({ type: 'notice', level: 'info', message: `reconnected to the PM2 daemon at ${this.home}` });
    }
    await this.fetchNow();
  }

  /** Connect, take the first list and the log backfill, then follow events and poll. */
  async attach(): Promise<void> {
    this.link = await openPm2Link(
      this.home,
      (topic, data) => this.onPub(topic, data),
      (reason) => this.onLinkLost(reason),
    );
    try {
      await this.fetchNow();
      this.logStore.backfill(await readPm2LogTails(this.workers, BACKFILL_LINES));
    } catch (err) {
      this.link.close();
      throw err;
    }
    this.ready = true;
    for (const [topic, data] of this.early.splice(0)) this.handlePub(topic, data);
    if (!this.link.subscribed) {
      this.emit({ type: 'notice', level: 'warn', message: `no live logs or events: cannot connect to ${this.home}/pub.sock` });
    }
    this.poll.start();
  }

  override restart(target: Target): Promise<void> {
    return restartPm2(this.actions, target);
  }

  override reload(target: Target, onProgress?: (p: ReloadProgress) => void): Promise<ReloadResult> {
    return reloadPm2(this.actions, target, onProgress);
  }

  override scale(app: string, count: string): Promise<number> {
    return scalePm2(this.actions, app, count);
  }

  override stop(target: Target): Promise<void> {
    return stopPm2(this.actions, target);
  }

  private get actions(): Pm2ActionContext {
    return { link: this.link, exits: this.exits, refresh: () => this.fetchNow() };
  }

  protected async current(): Promise<Snapshot> {
    if (Date.now() - this.lastFetchAt > FRESH_MS && this.link.connected) await this.fetchNow().catch(() => undefined);
    return { apps: toApps(this.workers, Date.now(), this.exits) };
  }

  protected async release(): Promise<void> {
    this.link.close();
  }

  private slotOf(pmId: number): number | null {
    return this.workers.find((w) => w.pmId === pmId)?.id ?? this.eventSlots.get(pmId)?.id ?? null;
  }

  private onPub(topic: string, data: unknown): void {
    if (this.closed) return;
    if (!this.ready) {
      if (this.early.length < MAX_EARLY_EVENTS) this.early.push([topic, data]);
      return;
    }
    this.handlePub(topic, data);
  }

  private handlePub(topic: string, data: unknown): void {
    if (topic === 'log:out' || topic === 'log:err') return this.logLines.onChunk(topic.slice(4) as LogStream, data as Pm2LogPacket);
    if (topic === 'log:PM2') {
      const text = (data as Pm2LogPacket | null)?.data;
      if (typeof text === 'string') for (const line of text.split('\n')) this.exits.noteDaemonLine(line);
      return;
    }
    if (topic === 'process:event') return this.onProcessEvent(data as Pm2ExitEvent & { event?: string });
    if (topic === 'process:exception') {
      const packet = data as { process?: Pm2Env; data?: { message?: string } } | null;
      const env = packet?.process;
      const who = env ? `${env.name ?? '?'}:${this.slotOf(Number(env.pm_id)) ?? env.pm_id}` : 'a PM2 process';
      this.emit({ type: 'notice', level: 'warn', message: `${who}: uncaught exception: ${packet?.data?.message ?? 'unknown error'}` });
    }
  }

  private onProcessEvent(event: Pm2ExitEvent & { event?: string }): void {
    const env = event?.process;
    if (!env || typeof env !== 'object') return;
    const pmId = Number(String(env.pm_id ?? '').replace(/^_old_/, ''));
    const slot = instanceOf(env);
    if (slot !== null && typeof env.name === 'string' && Number.isInteger(pmId)) this.eventSlots.set(pmId, { app: env.name, id: slot });
    const slotOf = (id: number): number | null => this.slotOf(id);
    if (event.event === 'exit') this.exits.onExit(event, slotOf, (app, id) => this.logStore.stderrTail(app, id));
    else if (event.event === 'restart overlimit') this.exits.onGaveUp(env, slotOf);
    void this.poll.now();
  }

  private onLinkLost(reason: string): void {
    if (this.closed) return;
    this.workers = [];
    this.lastSignature = '';
    this.emit({
      type: 'notice',
      level: 'error',
      message: `lost the PM2 daemon at ${this.home} (${reason}); clmon reconnects when one runs again (it never starts one)`,
    });
    this.emit({ type: 'changed' });
  }

  /** Fetch the list now; results that come back out of order are not applied. */
  private async fetchNow(): Promise<Pm2Worker[]> {
    const seq = ++this.fetchSeq;
    const list = await this.link.call<Pm2Process[]>('getMonitorData', [{}], 10_000);
    if (seq > this.appliedSeq && !this.closed) {
      this.appliedSeq = seq;
      this.apply(Array.isArray(list) ? list : []);
    }
    return this.workers;
  }

  private apply(list: Pm2Process[]): void {
    this.workers = assignSlots(list);
    this.lastFetchAt = Date.now();
    const present = new Set(this.workers.map((w) => w.pmId));
    for (const pmId of this.eventSlots.keys()) if (present.has(pmId)) this.eventSlots.delete(pmId);
    this.logLines.retain(present);
    const next = signature(this.workers);
    if (next !== this.lastSignature) {
      this.lastSignature = next;
      this.emit({ type: 'changed' });
    }
  }
}
