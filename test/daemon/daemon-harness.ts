// Test harness for daemon and CLI tests: a temp home, the built binary run as a child process,
// and cleanup of every process the test caused (daemon, reaper, workers) by pid.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { descendants } from '../../src/supervisor/proc-table.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = join(ROOT, 'bin/clmon.js');
export const fixture = (name: string): string => join(ROOT, 'test/fixtures', name);

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export class Harness {
  readonly home = mkdtempSync(join(tmpdir(), 'clmon-dtest-'));
  /** Every pid seen (daemon, workers, runs): all are killed at cleanup. */
  private readonly pids = new Set<number>();
  private readonly children = new Set<ChildProcess>();

  /** Run `clmon --home <home> ...args` to completion. */
  clmon(args: string[], opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<RunResult> {
    return new Promise((resolvePromise, reject) => {
      const child = this.spawnClmon(args, opts.env);
      let stdout = '';
      let stderr = '';
      child.stdout!.on('data', (d: Buffer) => (stdout += d));
      child.stderr!.on('data', (d: Buffer) => (stderr += d));
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`clmon ${args.join(' ')} did not finish in time\nstdout: ${stdout}\nstderr: ${stderr}`));
      }, opts.timeoutMs ?? 30_000);
      child.on('close', (code) => {
        clearTimeout(timer);
        this.children.delete(child);
        this.notePids();
        resolvePromise({ code, stdout, stderr });
      });
    });
  }

  /** Start a long-running clmon (logs --follow, run --no-tui); killed at cleanup. */
  spawnClmon(args: string[], env?: NodeJS.ProcessEnv): ChildProcess {
    const child = spawn(process.execPath, [BIN, '--home', this.home, ...args], {
      env: { ...process.env, NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.children.add(child);
    if (child.pid) this.pids.add(child.pid);
    return child;
  }

  /** `ls --json`, parsed (records the worker pids for cleanup). */
  async ls(): Promise<LsJson> {
    const result = await this.clmon(['ls', '--json']);
    if (result.code !== 0) throw new Error(`ls failed (${result.code}): ${result.stderr}`);
    const json = JSON.parse(result.stdout) as LsJson;
    for (const app of json.apps) for (const w of app.workers) if (w.pid) this.pids.add(w.pid);
    return json;
  }

  daemonPid(): number | undefined {
    try {
      return Number(readFileSync(join(this.home, 'daemon.pid'), 'utf8').trim()) || undefined;
    } catch {
      return undefined;
    }
  }

  /** Remember a pid to kill at cleanup. */
  track(pid: number | null | undefined): void {
    if (pid) this.pids.add(pid);
  }

  /** Remember the daemon and everything under it. */
  notePids(): void {
    const daemon = this.daemonPid();
    if (daemon) this.pids.add(daemon);
  }

  /** SIGKILL every process the test caused, with their trees, then remove the home. */
  async cleanup(): Promise<void> {
    this.notePids();
    const victims = new Set<number>();
    for (const pid of this.pids) {
      victims.add(pid);
      for (const child of await descendants(pid)) victims.add(child);
    }
    for (const child of this.children) child.kill('SIGKILL');
    for (const pid of victims) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone already
      }
    }
    await waitFor(() => [...victims].every((pid) => !isAlive(pid)), 10_000).catch(() => {});
    rmSync(this.home, { recursive: true, force: true });
  }
}

export interface LsJson {
  apps: {
    name: string;
    mode: string;
    instances: number;
    source: string;
    workers: {
      id: number;
      pid: number | null;
      status: string;
      restarts: number;
      uptimeMs: number;
      cpu: number;
      memory: number;
      lastExit: null | { at: string; code: number | null; signal: string | null; uptimeMs: number; cause: string };
      exits?: { at: string; code: number | null; signal: string | null; uptimeMs: number; cause: string; killed: boolean; stderrTail: string[] }[];
      restartInMs?: number;
      reason?: string;
      runtime: null | (Record<string, number | null> & { sampledAt: string });
    }[];
  }[];
}

import { isAlive } from '../helpers/processes.js';

export { isAlive };

/** Poll a condition until true; rejects after timeoutMs with the last state described. */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 20_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A TCP port free right now on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}
