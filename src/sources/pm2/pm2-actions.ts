// clmon's actions as PM2 daemon calls, made the way PM2's own client makes them: one process at
// a time (restartProcessId, reloadProcessId, stopProcessId), scale up by duplicating a process of
// the app, scale down by deleting processes (here the highest slots, as clmon does, docs/supervision.md#slots-and-states).
import { ClmonError, messageOf, RuntimeError, UserError } from '../../errors.js';
import { parseTarget } from '../../model/targets.js';
import type { ReloadProgress, ReloadResult, Target } from '../../model/types.js';
import type { Pm2ExitHistory } from './pm2-exits.js';
import type { Pm2Link } from './pm2-link.js';
import type { Pm2Worker } from './pm2-types.js';

/** A stop waits for kill_timeout and a reload for listen_timeout too: be patient with PM2. */
const ACTION_TIMEOUT_MS = 120_000;

export interface Pm2ActionContext {
  link: Pm2Link;
  exits: Pm2ExitHistory;
  /** A fresh process list from the daemon. */
  refresh(): Promise<Pm2Worker[]>;
}

/** Restart now: restartProcessId per process (it also starts stopped ones). */
export async function restartPm2(ctx: Pm2ActionContext, target: Target): Promise<void> {
  for (const worker of selectWorkers(await ctx.refresh(), target)) {
    ctx.exits.expect(worker.pmId, 'manual');
    await call(ctx, 'restartProcessId', [{ id: worker.pmId, env: {} }], `restart ${name(worker)}`);
  }
  await ctx.refresh();
}

/** Graceful stop: stopProcessId per process; the processes stay listed as stopped. */
export async function stopPm2(ctx: Pm2ActionContext, target: Target): Promise<void> {
  for (const worker of selectWorkers(await ctx.refresh(), target)) {
    ctx.exits.expect(worker.pmId, 'manual');
    await call(ctx, 'stopProcessId', [worker.pmId], `stop ${name(worker)}`);
  }
  await ctx.refresh();
}

/** PM2's reload: reloadProcessId one process after another (PM2 restarts fork-mode ones). */
export async function reloadPm2(ctx: Pm2ActionContext, target: Target, onProgress?: (p: ReloadProgress) => void): Promise<ReloadResult> {
  const replaced: number[] = [];
  for (const worker of selectWorkers(await ctx.refresh(), target)) {
    const fork = worker.proc.pm2_env.exec_mode !== 'cluster_mode';
    const step = (phase: ReloadProgress['phase'], extra: Partial<ReloadProgress> = {}): void =>
      onProgress?.({ app: worker.app, id: worker.id, phase, ...extra });
    step(fork ? 'restarting' : 'starting', fork ? { message: 'fork mode: PM2 restarts the process instead' } : {});
    ctx.exits.expect(worker.pmId, 'reload');
    try {
      await call(ctx, 'reloadProcessId', [{ id: worker.pmId, env: {} }], `reload ${name(worker)}`);
    } catch (err) {
      const error = messageOf(err);
      step('failed', { message: error });
      return { ok: false, error, replaced };
    }
    const now = (await ctx.refresh()).find((w) => w.pmId === worker.pmId);
    step('done', now && now.proc.pid > 0 ? { pid: now.proc.pid } : {});
    replaced.push(worker.id);
  }
  return { ok: true, replaced };
}

/** `n`, `+n` or `-n` processes for an app; resolves to the new count. */
export async function scalePm2(ctx: Pm2ActionContext, app: string, count: string): Promise<number> {
  const workers = await ctx.refresh();
  const own = selectWorkers(workers, app);
  const match = /^([+-]?)(\d+)$/.exec(count.trim());
  if (!match) throw new UserError(`bad worker count "${count}" for ${app}: expected n, +n or -n (e.g. 4, +1, -1)`);
  const n = Number(match[2]);
  const wanted = match[1] === '+' ? own.length + n : match[1] === '-' ? own.length - n : n;
  if (wanted < 1) {
    throw new UserError(`scaling ${app} to ${wanted} would remove it from PM2: at least 1 worker (remove an app with \`pm2 delete ${app}\`)`);
  }
  for (let i = own.length; i < wanted; i++) {
    await call(ctx, 'duplicateProcessId', [own[0]!.pmId], `add a worker to ${app}`);
  }
  for (const worker of [...own].sort((a, b) => b.id - a.id).slice(0, Math.max(0, own.length - wanted))) {
    ctx.exits.expect(worker.pmId, 'scale');
    await call(ctx, 'deleteProcessId', [worker.pmId], `remove ${name(worker)}`);
  }
  await ctx.refresh();
  return wanted;
}

/** The processes a target names (`all`, an app, `app:id`); unknown names are UserErrors. */
export function selectWorkers(workers: readonly Pm2Worker[], target: Target): Pm2Worker[] {
  const parsed = parseTarget(target, [...new Set(workers.map((w) => w.app))]);
  if (parsed.kind === 'all') return [...workers];
  const own = workers.filter((w) => w.app === parsed.app);
  if (parsed.kind === 'app') return own;
  const one = own.filter((w) => w.id === parsed.id);
  if (one.length === 0) {
    throw new UserError(`no worker ${parsed.app}:${parsed.id} in PM2 (its workers: ${own.map((w) => `${w.app}:${w.id}`).join(', ')})`);
  }
  return one;
}

async function call(ctx: Pm2ActionContext, method: string, args: unknown[], what: string): Promise<void> {
  try {
    await ctx.link.call(method, args, ACTION_TIMEOUT_MS);
  } catch (err) {
    if (err instanceof ClmonError) throw err;
    throw new RuntimeError(`PM2 could not ${what}: ${messageOf(err)}`, { cause: err });
  }
}

function name(worker: Pm2Worker): string {
  return `${worker.app}:${worker.id} (pm_id ${worker.pmId})`;
}
