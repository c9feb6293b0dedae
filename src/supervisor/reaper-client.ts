// The supervisor's side of the reaper (src/runtime/reaper.ts): start it once, tell it every
// worker pid. If this process dies, even by SIGKILL, the reaper's stdin closes and it kills them.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { Writable } from 'node:stream';
import { distFile } from '../runtime/runtime-files.js';

export class ReaperClient {
  private child: ChildProcess | null = null;
  private stdin: Writable | null = null;
  /** Put in every worker's env as CLMON_SUPERVISOR: it marks their descendants as ours too. */
  readonly token = `${process.pid}-${randomUUID()}`;

  /** Track a worker pid (starts the reaper on first use). */
  track(pid: number): void {
    this.write(`+${pid}\n`);
  }

  untrack(pid: number): void {
    if (this.stdin) this.write(`-${pid}\n`);
  }

  /** A clean shutdown: every worker is already stopped, so the reaper just exits. */
  close(): void {
    this.stdin?.end();
    this.stdin = null;
    this.child = null;
  }

  private write(line: string): void {
    if (!this.stdin) this.start();
    this.stdin?.write(line);
  }

  private start(): void {
    // Detached: a new session, so a terminal hang-up or Ctrl-C aimed at us does not reach it.
    const child = spawn(process.execPath, [distFile('runtime/reaper.js'), this.token], {
      detached: true,
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    child.on('error', () => {});
    child.stdin!.on('error', () => {});
    // Neither the reaper nor its pipe may keep the supervisor alive.
    child.unref();
    (child.stdin as unknown as { unref?: () => void }).unref?.();
    this.child = child;
    this.stdin = child.stdin;
  }
}
