// `clmon run --no-tui --json` as a container entrypoint (docs/cli.md#run-target-args): PID 1 of a new PID namespace
// (unshare --pid --fork --mount-proc), real workers, real signals; orphaned grandchildren must
// not pile up as zombies, SIGTERM stops everything gracefully with exit 0, a second signal at once.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import pidtree from 'pidtree';
import { afterEach, describe, expect, it } from 'vitest';
import { fixture } from '../helpers/app-spec.js';
import { BIN } from '../daemon/daemon-harness.js';
import { killAll } from '../helpers/processes.js';
import { tmpHome } from '../helpers/tmp-home.js';
import { sleep, waitFor } from '../helpers/wait-for.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

interface Pid1Run {
  child: ChildProcess;
  /** Host pid of the namespace's PID 1 (clmon). */
  pid1: () => Promise<number>;
  lines: () => Record<string, unknown>[];
  stderr: () => string;
  exited: Promise<{ code: number | null; at: number }>;
}

/** `unshare --pid --fork --mount-proc node clmon run ... --no-tui --json`. */
function runAsPid1(args: string[], env: NodeJS.ProcessEnv = {}): Pid1Run {
  const home = tmpHome();
  const child = spawn('unshare', ['--pid', '--fork', '--mount-proc', process.execPath, BIN, '--home', home.dir, 'run', ...args, '--no-tui', '--json'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d));
  child.stderr!.on('data', (d: Buffer) => (err += d));
  const exited = new Promise<{ code: number | null; at: number }>((resolve) => child.once('exit', (code) => resolve({ code, at: Date.now() })));
  const pid1 = () => waitFor(async () => (await pidtree(child.pid!).catch(() => []))[0], { what: 'the namespace PID 1' });
  cleanups.push(async () => {
    const tree = await pidtree(child.pid!).catch(() => [] as number[]);
    killAll([child.pid, ...tree]);
    home.remove();
  });
  return {
    child,
    pid1,
    lines: () =>
      out
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as Record<string, unknown>),
    stderr: () => err,
    exited,
  };
}

/** Zombies anywhere in the tree under `root` (state Z in /proc/<pid>/stat). */
async function zombiesUnder(root: number): Promise<number[]> {
  const tree = await pidtree(root).catch(() => [] as number[]);
  return tree.filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/stat`, 'utf8')
        .replace(/^.*\) /s, '')
        .startsWith('Z');
    } catch {
      return false;
    }
  });
}

describe('clmon run --no-tui as PID 1', () => {
  it('reaps orphaned grandchildren; SIGTERM stops every worker gracefully and exits 0 in time; --json lines and events', async () => {
    const run = runAsPid1([fixture('pid1-orphans.cjs'), '--name', 'orph', '-i', '2', '--kill-timeout', '2000']);
    await waitFor(() => run.lines().filter((l) => l.message === 'orphans made').length === 2, { timeoutMs: 20_000, what: 'orphans made' });
    await sleep(500); // the 40 sleeps of 0.1 s have ended by now
    expect(await zombiesUnder(run.child.pid!)).toEqual([]);

    const pid1 = await run.pid1();
    const sentAt = Date.now();
    process.kill(pid1, 'SIGTERM');
    const { code, at } = await run.exited;
    expect(code).toBe(0);
    expect(at - sentAt).toBeLessThan(2000 + 1000 + 1000); // largest kill_timeout + 1 s (+ 1 s of slack for a loaded machine)

    const lines = run.lines();
    const online = lines.filter((l) => l.event === 'online');
    expect(online.map((l) => l.id).sort()).toEqual([0, 1]);
    for (const event of online) expect(Object.keys(event).sort()).toEqual(['app', 'event', 'id', 'pid', 'time']);
    const log = lines.find((l) => l.message === 'orphans made')!;
    expect(Object.keys(log).sort()).toEqual(['app', 'id', 'message', 'pid', 'stream', 'time']);
    expect(log).toMatchObject({ app: 'orph', stream: 'out' });
    expect(online.map((l) => l.pid)).toContain(log.pid);
    expect(Number.isNaN(Date.parse(log.time as string))).toBe(false);
    expect(lines.some((l) => l.event === 'shutdown' && l.reason === 'SIGTERM')).toBe(true);
    expect(lines.at(-1)).toMatchObject({ event: 'shutdown-complete' });
  }, 40_000);

  it('without its init shim, the same orphans do pile up as zombies (what the shim prevents)', async () => {
    const run = runAsPid1([fixture('pid1-orphans.cjs'), '--name', 'orph'], { CLMON_INIT_SHIM: '1' });
    await waitFor(() => run.lines().some((l) => l.message === 'orphans made'), { timeoutMs: 20_000, what: 'orphans made' });
    await sleep(500);
    expect((await zombiesUnder(run.child.pid!)).length).toBeGreaterThan(0);
    process.kill(await run.pid1(), 'SIGTERM');
    expect((await run.exited).code).toBe(0);
  }, 40_000);

  it('a second signal stops at once: the stubborn worker is SIGKILLed long before kill_timeout', async () => {
    const run = runAsPid1([fixture('sup-stubborn.cjs'), '--name', 'stubborn', '--kill-timeout', '30000']);
    await waitFor(() => run.lines().some((l) => typeof l.message === 'string' && (l.message as string).startsWith('child ')), {
      timeoutMs: 20_000,
      what: 'the worker and its child',
    });
    const pid1 = await run.pid1();
    process.kill(pid1, 'SIGTERM');
    await waitFor(() => run.lines().some((l) => l.event === 'stopping'), { what: 'the graceful stop to begin' });
    const sentAt = Date.now();
    process.kill(pid1, 'SIGINT');
    const { code, at } = await run.exited;
    expect(code).toBe(1);
    expect(at - sentAt).toBeLessThan(5000);
    expect(run.lines().some((l) => l.event === 'notice' && /again: stopping at once/.test(l.message as string))).toBe(true);
  }, 40_000);
});
