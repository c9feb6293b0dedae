// PM2's process list (getMonitorData) seen as clmon apps and workers: grouped by app name, slots
// from the instance variable (NODE_APP_INSTANCE), statuses in clmon's vocabulary. Pure.
import type { AppInfo, ExitRecord, WorkerInfo, WorkerStatus } from '../../model/types.js';
import { pm2ConfigView } from './pm2-config.js';
import type { Pm2Env, Pm2Process, Pm2Worker } from './pm2-types.js';
import { exitSummary } from '../../model/exits.js';

const STATUSES: Record<string, WorkerStatus> = {
  online: 'online',
  launching: 'launching',
  stopping: 'stopping',
  stopped: 'stopped',
  errored: 'errored',
  'waiting restart': 'waiting',
  // A fork app with autorestart off that ran to its end.
  'one-launch-status': 'stopped',
};

/** PM2's status word in clmon's terms; anything unknown shows as stopped. */
export function mapPm2Status(status: string | undefined): WorkerStatus {
  return STATUSES[status ?? ''] ?? 'stopped';
}

/** The slot PM2 gave a process, if it is a usable number. */
export function instanceOf(env: Pm2Env): number | null {
  const value = env[env.instance_var ?? 'NODE_APP_INSTANCE'];
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : null;
}

/** Group by app (in pm_id order) and give each process a slot: PM2's instance number, or, if that
 * is missing or taken twice, the lowest free one in pm_id order. */
export function assignSlots(list: readonly Pm2Process[]): Pm2Worker[] {
  const byApp = new Map<string, Pm2Process[]>();
  for (const proc of [...list].sort((a, b) => a.pm_id - b.pm_id)) {
    const procs = byApp.get(proc.name) ?? [];
    procs.push(proc);
    byApp.set(proc.name, procs);
  }
  const workers: Pm2Worker[] = [];
  for (const [app, procs] of byApp) {
    const used = new Set<number>();
    const slots = procs.map((proc) => {
      const slot = instanceOf(proc.pm2_env);
      if (slot === null || used.has(slot)) return null;
      used.add(slot);
      return slot;
    });
    let free = 0;
    const appWorkers = procs.map((proc, i) => {
      let id = slots[i];
      if (id === null || id === undefined) {
        while (used.has(free)) free++;
        id = free;
        used.add(id);
      }
      return { pmId: proc.pm_id, app, id, proc };
    });
    workers.push(...appWorkers.sort((a, b) => a.id - b.id));
  }
  return workers;
}

export interface WorkerDetail {
  exits(app: string, id: number): ExitRecord[];
  reason(app: string, id: number): string | undefined;
}

/** The apps of docs/json.md at time `now`, with exit history and reasons. */
export function toApps(workers: readonly Pm2Worker[], now: number, detail: WorkerDetail): AppInfo[] {
  const apps = new Map<string, AppInfo>();
  for (const worker of workers) {
    let app = apps.get(worker.app);
    if (!app) {
      // the lowest slot comes first: its pm2_env tells how the app is configured
      app = { name: worker.app, mode: 'fork', instances: 0, source: 'pm2', workers: [], config: pm2ConfigView(worker.proc.pm2_env) };
      apps.set(worker.app, app);
    }
    if (worker.proc.pm2_env.exec_mode === 'cluster_mode') app.mode = 'cluster';
    app.instances++;
    app.workers.push(toWorker(worker, now, detail));
  }
  return [...apps.values()];
}

function toWorker({ app, id, proc }: Pm2Worker, now: number, detail: WorkerDetail): WorkerInfo {
  const env = proc.pm2_env;
  const status = mapPm2Status(env.status);
  const running = proc.pid > 0 && (status === 'online' || status === 'stopping' || status === 'launching');
  const exits = detail.exits(app, id);
  const info: WorkerInfo = {
    id,
    pid: proc.pid > 0 ? proc.pid : null,
    status,
    restarts: env.restart_time ?? 0,
    uptimeMs: running && env.pm_uptime ? Math.max(0, now - env.pm_uptime) : 0,
    cpu: proc.monit?.cpu ?? 0,
    memory: proc.monit?.memory ?? 0,
    lastExit: exits[0] ? exitSummary(exits[0]) : null,
    exits,
  };
  if (status === 'errored') info.reason = detail.reason(app, id) ?? 'PM2 marked it errored (see `pm2 logs` for why)';
  return info;
}

/** What makes two polls differ for the UI (uptime follows from pm_uptime). */
export function signature(workers: readonly Pm2Worker[]): string {
  return JSON.stringify(
    workers.map(({ pmId, app, id, proc }) => [
      pmId,
      app,
      id,
      proc.pid,
      proc.pm2_env.status,
      proc.pm2_env.restart_time,
      proc.pm2_env.pm_uptime,
      proc.monit?.cpu,
      proc.monit?.memory,
    ]),
  );
}
