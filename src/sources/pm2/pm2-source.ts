// Attach to a running PM2 daemon (SPEC §5.1 `--pm2`): its processes polled once a second over
// rpc.sock and shown as clmon apps, its logs and events followed on pub.sock, and clmon's actions
// mapped to PM2's calls. Talks the wire protocol itself: no `pm2` package at run time (AGPL).
import { homedir } from 'node:os';
import { UserError } from '../../errors.js';
import type { SupervisorEvent } from '../../model/controller.js';
import type { LogStream } from '../../model/types.js';
import { SourceLogBuffer } from '../common/source-log-buffer.js';
import type { Source, SourceCapabilities } from '../../model/source.js';
import { reloadPm2, restartPm2, scalePm2, stopPm2, type Pm2ActionContext } from './pm2-actions.js';
import { Pm2ExitHistory, type Pm2ExitEvent } from './pm2-exits.js';
import { pollLoop } from '../common/poll-loop.js';
import { openPm2Link, resolvePm2Home } from './pm2-link.js';
import { Pm2LogLines, readPm2LogTails, type Pm2LogPacket } from './pm2-logs.js';
import { assignSlots, instanceOf, signature, toApps, type Pm2Env, type Pm2Process, type Pm2Worker } from './pm2-processes.js';

export interface Pm2SourceOptions {
  /** Default: env PM2_HOME, else ~/.pm2. */
  pm2Home?: string;
  /** Poll period of the process list (default 1000 ms). */
  pollMs?: number;
}

const BACKFILL_LINES = 1000;
/** Events that arrive while attaching are held (bounded) and replayed after the backfill. */
const MAX_EARLY_EVENTS = 10_000;
/** A snapshot older than this is refreshed before it is returned. */
const FRESH_MS = 500;

const CAPABILITIES: SourceCapabilities = {
  restart: true,
  reload: true,
  scale: true,
  stopStart: true,
  kill: 'SIGKILL is only for --pid: PM2 would restart a killed process at once (use r to restart it)',
};

/** Attach to the PM2 daemon of a PM2 home; a RuntimeError (exit 1) if none runs. Never starts one. */
export async function createPm2Source(opts: Pm2SourceOptions = {}): Promise<Source> {
  const home = resolvePm2Home(opts.pm2Home);
  const listeners = new Set<(event: SupervisorEvent) => void>();
  const emit = (event: SupervisorEvent): void => {
    for (const listener of [...listeners]) listener(event);
  };
  const logs = new SourceLogBuffer({ emit: (lines) => emit({ type: 'logs', lines }) });
  const exits = new Pm2ExitHistory();
  let workers: Pm2Worker[] = [];
  /** Slots learnt from process events for processes the last poll did not list yet. */
  const eventSlots = new Map<number, { app: string; id: number }>();
  const slotOf = (pmId: number): number | null => workers.find((w) => w.pmId === pmId)?.id ?? eventSlots.get(pmId)?.id ?? null;
  const logLines = new Pm2LogLines(logs, (pmId, name) => {
    const worker = workers.find((w) => w.pmId === pmId);
    return worker ? { app: worker.app, id: worker.id } : (eventSlots.get(pmId) ?? { app: name, id: pmId });
  });

  let ready = false;
  let closed = false;
  let lastSignature = '';
  let lastFetchAt = 0;
  let fetchSeq = 0;
  let appliedSeq = 0;
  const early: [string, unknown][] = [];
  const onPub = (topic: string, data: unknown): void => {
    if (closed) return;
    if (!ready) {
      if (early.length < MAX_EARLY_EVENTS) early.push([topic, data]);
      return;
    }
    handlePub(topic, data);
  };
  const handlePub = (topic: string, data: unknown): void => {
    if (topic === 'log:out' || topic === 'log:err') return logLines.onChunk(topic.slice(4) as LogStream, data as Pm2LogPacket);
    if (topic === 'log:PM2') {
      const text = (data as Pm2LogPacket | null)?.data;
      if (typeof text === 'string') for (const line of text.split('\n')) exits.noteDaemonLine(line);
      return;
    }
    if (topic === 'process:event') return onProcessEvent(data as Pm2ExitEvent & { event?: string });
    if (topic === 'process:exception') {
      const packet = data as { process?: Pm2Env; data?: { message?: string } } | null;
      const env = packet?.process;
      const who = env ? `${env.name ?? '?'}:${slotOf(Number(env.pm_id)) ?? env.pm_id}` : 'a PM2 process';
      emit({ type: 'notice', level: 'warn', message: `${who}: uncaught exception: ${packet?.data?.message ?? 'unknown error'}` });
    }
  };
  const onProcessEvent = (event: Pm2ExitEvent & { event?: string }): void => {
    const env = event?.process;
    if (!env || typeof env !== 'object') return;
    const pmId = Number(String(env.pm_id ?? '').replace(/^_old_/, ''));
    const slot = instanceOf(env);
    if (slot !== null && typeof env.name === 'string' && Number.isInteger(pmId)) eventSlots.set(pmId, { app: env.name, id: slot });
    if (event.event === 'exit') exits.onExit(event, slotOf, (app, id) => logs.stderrTail(app, id));
    else if (event.event === 'restart overlimit') exits.onGaveUp(env, slotOf);
    void poll.now();
  };

  const onLost = (reason: string): void => {
    if (closed) return;
    workers = [];
    lastSignature = '';
    emit({ type: 'notice', level: 'error', message: `lost the PM2 daemon at ${home} (${reason}); clmon reconnects when one runs again (it never starts one)` });
    emit({ type: 'changed' });
  };
  const link = await openPm2Link(home, onPub, onLost);

  /** Fetch the list now; results that come back out of order are not applied. */
  const fetchNow = async (): Promise<Pm2Worker[]> => {
    const seq = ++fetchSeq;
    const list = await link.call<Pm2Process[]>('getMonitorData', [{}], 10_000);
    if (seq > appliedSeq && !closed) {
      appliedSeq = seq;
      apply(Array.isArray(list) ? list : []);
    }
    return workers;
  };
  const apply = (list: Pm2Process[]): void => {
    workers = assignSlots(list);
    lastFetchAt = Date.now();
    const present = new Set(workers.map((w) => w.pmId));
    for (const pmId of eventSlots.keys()) if (present.has(pmId)) eventSlots.delete(pmId);
    logLines.retain(present);
    const next = signature(workers);
    if (next !== lastSignature) {
      lastSignature = next;
      emit({ type: 'changed' });
    }
  };
  const poll = pollLoop(opts.pollMs ?? 1000, async () => {
    if (!link.connected) {
      if (!(await link.reconnect())) return;
      emit({ type: 'notice', level: 'info', message: `reconnected to the PM2 daemon at ${home}` });
    }
    await fetchNow();
  });

  try {
    await fetchNow();
    logs.backfill(await readPm2LogTails(workers, BACKFILL_LINES));
  } catch (err) {
    link.close();
    throw err;
  }
  ready = true;
  for (const [topic, data] of early.splice(0)) handlePub(topic, data);
  if (!link.subscribed) {
    emit({ type: 'notice', level: 'warn', message: `no live logs or events: cannot connect to ${home}/pub.sock` });
  }
  poll.start();

  const ctx: Pm2ActionContext = { link, exits, refresh: fetchNow };
  return {
    kind: 'pm2',
    label: `pm2 ${tildify(home)}`,
    capabilities: CAPABILITIES,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async snapshot() {
      if (Date.now() - lastFetchAt > FRESH_MS && link.connected) await fetchNow().catch(() => undefined);
      return { apps: toApps(workers, Date.now(), exits) };
    },
    async recentLogs(lines) {
      return logs.recent(lines);
    },
    restart: (target) => restartPm2(ctx, target),
    reload: (target, onProgress) => reloadPm2(ctx, target, onProgress),
    scale: (app, count) => scalePm2(ctx, app, count),
    stop: (target) => stopPm2(ctx, target),
    async kill() {
      throw new UserError(CAPABILITIES.kill as string);
    },
    async close() {
      if (closed) return;
      closed = true;
      poll.stop();
      link.close();
      logs.close();
      listeners.clear();
    },
  };
}

function tildify(path: string): string {
  const home = homedir();
  return path === home || path.startsWith(`${home}/`) ? `~${path.slice(home.length)}` : path;
}
