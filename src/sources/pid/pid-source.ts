// Attach to any process tree (docs/cli.md#where-a-command-looks `--pid <n>`): the children of PID n are the workers of
// one app, found again every second, with CPU and memory per worker; `--log` files are tailed
// into the log pane. clmon did not start this group, so it can only send signals.
import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { RuntimeError, UserError } from '../../errors.js';
import { parseTarget } from '../../model/targets.js';
import type { AppConfigView, ExitRecord, LogStream, Snapshot, Target } from '../../model/types.js';
import type { SourceCapabilities } from '../../model/source.js';
import { pushExit } from '../../model/exits.js';
import { ExternalSource } from '../common/external-source.js';
import { followFile, type FileFollower } from './file-follower.js';
import { pidApp } from './pid-snapshot.js';
import { readProcessConfig } from './process-config.js';
import { childPids, processExists, processName, sampleUsage, type Usage } from './process-tree.js';
import { readTailLines } from '../common/read-tail-lines.js';
import { SlotTracker } from './slot-tracker.js';
import type { LogStore } from '../../logs/log-store.js';

export interface PidSourceOptions {
  pid: number;
  /** Files to tail into the log pane (`--log`, repeatable). */
  logFiles?: string[];
  /** Re-discovery period (default 1000 ms). */
  pollMs?: number;
}

/** Lines from `--log` files belong to the group, not to one worker: they carry this id. */
export const GROUP_LOG_ID = -1;

const FOREIGN = 'clmon did not start this group';
const CAPABILITIES: Omit<SourceCapabilities, 'start' | 'delete' | 'diagnostics'> = {
  restart: true,
  reload: `${FOREIGN}: it cannot reload a foreign primary (restart sends SIGTERM to a worker instead)`,
  scale: `${FOREIGN}: it cannot scale a foreign primary`,
  // A foreign primary usually forks a replacement for any worker that exits, so a "stop" could
  // not keep a worker stopped: offering it would promise what cannot be kept.
  stopStart: `${FOREIGN}: it cannot keep a worker stopped (its primary decides); r sends SIGTERM, K sends SIGKILL`,
  kill: true,
};
const BACKFILL_LINES = 200;

/** Follow the process tree under a PID; a UserError (exit 2) if no such process exists. */
export async function createPidSource(opts: PidSourceOptions): Promise<PidSource> {
  const { pid } = opts;
  if (!Number.isInteger(pid) || pid < 1) throw new UserError(`--pid: "${String(pid)}" is not a process id (a positive integer)`);
  if (!processExists(pid)) throw new UserError(`--pid ${pid}: no process with PID ${pid} is running`);
  const files = await checkLogFiles(opts.logFiles ?? []);
  const name = await processName(pid);
  // read once: a process's command line, cwd and initial environment do not change under it
  const config = await readProcessConfig(pid);
  const source = new PidSource(pid, name, config, opts.pollMs ?? 1000);
  await source.attach(files);
  return source;
}

export class PidSource extends ExternalSource {
  readonly kind = 'pid';
  private readonly slots = new SlotTracker();
  private readonly exits = new Map<number, ExitRecord[]>();
  private usage = new Map<number, Usage>();
  /** Signals clmon sent, by pid: the next disappearance of that pid is a manual exit. */
  private readonly sent = new Map<number, NodeJS.Signals>();
  private primaryAlive = true;
  private toldBestEffort = false;
  private lastSignature = '';
  private followers: FileFollower[] = [];

  /** Use createPidSource(): a source is usable once attach() resolved. */
  constructor(
    private readonly pid: number,
    private readonly name: string,
    private readonly config: AppConfigView | undefined,
    pollMs: number,
  ) {
    super(`pid ${pid}`, CAPABILITIES, pollMs);
  }

  /** Find the workers, backfill and follow the `--log` files, then poll. */
  async attach(files: readonly string[]): Promise<void> {
    await this.discover();
    this.followers = await tailFiles(files, this.logStore, this.name);
    if (this.primaryAlive) this.poll.start();
  }

  override restart(target: Target): Promise<void> {
    return this.signal(target, 'SIGTERM');
  }

  override kill(target: Target): Promise<void> {
    return this.signal(target, 'SIGKILL');
  }

  protected async current(): Promise<Snapshot> {
    return { apps: [pidApp(this.name, this.slots.list(), this.usage, this.exits, this.config)] };
  }

  protected tick(): Promise<void> {
    return this.discover();
  }

  protected async release(): Promise<void> {
    await Promise.all(this.followers.map((f) => f.stop()));
  }

  private recordExit(id: number, gonePid: number, at: number): void {
    const signal = this.sent.get(gonePid) ?? null;
    this.sent.delete(gonePid);
    const list = this.exits.get(id) ?? [];
    pushExit(list, {
      at: new Date(at).toISOString(),
      code: null,
      signal,
      uptimeMs: this.usage.get(gonePid)?.elapsed ?? 0,
      cause: signal ? 'manual' : this.primaryAlive ? 'crash' : 'shutdown',
      killed: signal === 'SIGKILL',
      stderrTail: [],
    });
    this.exits.set(id, list);
  }

  private async discover(): Promise<void> {
    const { pid, name } = this;
    this.primaryAlive = this.primaryAlive && processExists(pid);
    const pids = this.primaryAlive ? await childPids(pid) : [];
    const now = Date.now();
    const changes = this.slots.update(pids);
    for (const gone of changes.vacated) this.recordExit(gone.id, gone.pid, now);
    // Told at once, with the slot change it explains (a snapshot may be read during the sampling).
    if (changes.filled.some((f) => f.restart) && !this.toldBestEffort) {
      this.toldBestEffort = true;
      this.emit({
        type: 'notice',
        level: 'info',
        message: `pid ${pid}: a worker that exits and a new child that appears are shown as a restart of that slot (best effort: clmon did not start this group and cannot see exit codes)`,
      });
    }
    const live = this.slots.list().flatMap((s) => (s.pid === null ? [] : [s.pid]));
    this.usage = await sampleUsage(live);
    if (this.closed) return;
    if (!this.primaryAlive) {
      this.poll.stop();
      this.emit({ type: 'notice', level: 'error', message: `PID ${pid} (${name}) has exited: nothing left to watch` });
    }
    const next = JSON.stringify([this.slots.list(), [...this.usage]]);
    if (next !== this.lastSignature) {
      this.lastSignature = next;
      this.emit({ type: 'changed' });
    }
  }

  /** The live pids a target names (`all`, the app, `app:id`). */
  private pidsOf(target: Target): number[] {
    const { pid, name } = this;
    const parsed = parseTarget(target, [name]);
    const list = this.slots.list();
    if (parsed.kind !== 'worker') {
      const live = list.flatMap((s) => (s.pid === null ? [] : [s.pid]));
      if (live.length === 0) throw new UserError(`PID ${pid} (${name}) has no worker process to signal right now`);
      return live;
    }
    const slot = list.find((s) => s.id === parsed.id);
    if (!slot) throw new UserError(`no worker ${name}:${parsed.id} under PID ${pid} (its workers: ${list.map((s) => `${name}:${s.id}`).join(', ') || 'none'})`);
    if (slot.pid === null) throw new UserError(`worker ${name}:${parsed.id} has no process right now (its primary has not replaced it yet)`);
    return [slot.pid];
  }

  private async signal(target: Target, sig: NodeJS.Signals): Promise<void> {
    for (const child of this.pidsOf(target)) {
      this.sent.set(child, sig);
      try {
        process.kill(child, sig);
      } catch (err) {
        this.sent.delete(child);
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EPERM') throw new RuntimeError(`not allowed to send ${sig} to PID ${child} (${this.name}): it belongs to another user`);
        if (code !== 'ESRCH') throw err;
      }
    }
    void this.poll.now();
  }
}

/** Absolute paths of the `--log` files; a missing one is a UserError naming it. */
async function checkLogFiles(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    const absolute = resolve(path);
    const info = await stat(absolute).catch(() => null);
    if (!info) throw new UserError(`--log ${path}: no such file (${absolute}); give a log file the group writes to`);
    if (!info.isFile()) throw new UserError(`--log ${path}: not a regular file (${absolute})`);
    files.push(absolute);
  }
  return files;
}

/** Backfill the files' last lines (oldest file first), then follow each from there. A file named
 * like `*err*` is shown as stderr. */
async function tailFiles(files: readonly string[], logs: LogStore, app: string): Promise<FileFollower[]> {
  const tails = await Promise.all(files.map(async (path) => ({ path, tail: await readTailLines(path, BACKFILL_LINES) })));
  const followers: FileFollower[] = [];
  for (const { path, tail } of tails.sort((a, b) => a.tail.mtimeMs - b.tail.mtimeMs)) {
    const stream: LogStream = /err/i.test(basename(path)) ? 'err' : 'out';
    logs.backfill(tail.lines.map((raw) => ({ at: tail.mtimeMs, app, id: GROUP_LOG_ID, stream, raw })));
    const onLines = (lines: string[]): void => lines.forEach((line) => logs.add(app, GROUP_LOG_ID, stream, line));
    followers.push(followFile(path, { from: tail.followFrom, onLines }));
  }
  return followers;
}
