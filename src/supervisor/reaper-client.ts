// The supervisor's side of the reaper (src/runtime/reaper.sh): start it once, tell it
// every worker pid. If this process dies, even by SIGKILL, the reaper's stdin closes and it kills
// them and everything carrying the token. A reaper that dies is started again (with the pids it
// had), so the guarantee does not lapse unnoticed.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { Writable } from 'node:stream';
import { distFile } from '../runtime/runtime-files.js';

/** A reaper that dies sooner than this after its start is not restarted again (it cannot run). */
const MIN_LIFETIME_MS = 1000;

export class ReaperClient {
  private child: ChildProcess | null = null;
  private stdin: Writable | null = null;
  private readonly tracked = new Set<number>();
  private startedAt = 0;
  private closed = false;
  /** Put in every worker's env as CLMON_SUPERVISOR: it marks their descendants as ours too. */
  readonly token = `${process.pid}-${randomUUID()}`;

  /** `onDeath` hears of a reaper that died and could not be restarted. */
  constructor(private readonly onDeath: (message: string) => void = () => {}) {}

  /** The reaper's pid (started on first track), for tests and diagnostics. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Track a worker pid (starts the reaper on first use). */
  track(pid: number): void {
    this.tracked.add(pid);
    this.write(`+${pid}\n`);
  }

  untrack(pid: number): void {
    this.tracked.delete(pid);
    if (this.stdin) this.write(`-${pid}\n`);
  }

  /** A clean shutdown: every worker is already stopped; the reaper sweeps the token and exits. */
  close(): void {
    this.closed = true;
    this.stdin?.end();
    this.stdin = null;
    this.child = null;
  }

  private write(line: string): void {
    if (this.closed) return;
    if (!this.stdin) this.start();
    this.stdin?.write(line);
  }

  private start(): void {
    // Detached: a new session, so a terminal hang-up or Ctrl-C aimed at us does not reach it.
    // Its environment must not carry the token (its own scan would find it).
    const child = spawn('/bin/sh', [distFile('runtime/reaper.sh'), this.token], {
      detached: true,
      stdio: ['pipe', 'ignore', 'ignore'],
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C' },
    });
    this.startedAt = Date.now();
    child.on('error', () => {});
    child.stdin!.on('error', () => {});
    child.once('exit', () => this.onExit(child));
    // Neither the reaper nor its pipe may keep the supervisor alive.
    child.unref();
    (child.stdin as unknown as { unref?: () => void }).unref?.();
    this.child = child;
    this.stdin = child.stdin;
  }

  private onExit(child: ChildProcess): void {
    if (this.closed || this.child !== child) return;
    this.child = null;
    this.stdin = null;
    if (Date.now() - this.startedAt < MIN_LIFETIME_MS) {
      this.onDeath('the reaper (/bin/sh) exited at once; workers may outlive a crash of this supervisor');
      return;
    }
    this.start();
    for (const pid of this.tracked) this.stdin!.write(`+${pid}\n`);
  }
}
