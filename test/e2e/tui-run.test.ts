// `clmon run` on a real terminal (tmux): the table appears, keys scale and restart workers,
// q + y stops the group, and no process of it is left afterwards.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN } from '../helpers/cli.js';
import { isAlive, killAll } from '../helpers/processes.js';
import { tmpHome } from '../helpers/tmp-home.js';
import { eventually } from '../helpers/wait-for.js';
import { hasTmux, TmuxSession, workerRows, type ScreenWorker } from './tmux.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const FIXTURE = resolve(ROOT, 'test/fixtures/ui-ecosystem.config.cjs');
const tmux = hasTmux();
if (!tmux) console.warn('test/e2e/tui-run.test.ts skipped: tmux is not installed (CI installs it)');

/** The pid of the one child of `pid` (clmon, under the pane's shell), waiting for it to start. */
function childOf(pid: number): number {
  for (let i = 0; i < 100; i++) {
    // ps exits 1 while there is no such process yet
    const out = spawnSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' }).stdout.trim();
    if (out) return Number(out.split('\n')[0]);
    execFileSync('sleep', ['0.05']);
  }
  throw new Error(`no child of pid ${pid}: clmon did not start`);
}

describe.skipIf(!tmux)('clmon run in a terminal', () => {
  const home = tmpHome('clmon-tui-e2e-');
  const seen = new Set<number>(); // every worker pid shown, to check none survives
  let session: TmuxSession;
  let clmonPid = 0;
  const statusFile = resolve(home.dir, 'tui-exit-status');

  const rows = (): ScreenWorker[] => {
    const shown = workerRows(session.screen());
    for (const w of shown) if (w.pid) seen.add(w.pid);
    return shown;
  };
  /** Wait (generously: the machine is shared) until the table satisfies `check`. */
  const waitForRows = (check: (rows: ScreenWorker[]) => void): Promise<void> =>
    eventually(() => check(rows()), 30_000).catch((err: Error) => {
      throw new Error(`${err.message}\n--- screen ---\n${session.screen()}`);
    });

  beforeAll(() => {
    if (!existsSync(resolve(ROOT, 'dist/cli-bundle/clmon.cjs'))) throw new Error('dist/ is missing: run `npm run build` first');
    // CI makes Ink print only the last frame (is-in-ci): a real terminal session has no CI.
    // The shell keeps clmon's exit status in a file: tmux sometimes loses it (pane_dead_status).
    const command = `env -u CI ${process.execPath} ${BIN} run ${FIXTURE} --home ${home.dir}; echo $? > ${statusFile}`;
    session = new TmuxSession(`sh -c '${command}'`, { cwd: ROOT, columns: 120, rows: 40 });
    clmonPid = childOf(session.pane().pid);
  });

  afterAll(() => {
    killAll([...seen, clmonPid].filter((pid) => pid > 0 && isAlive(pid)));
    session?.kill();
    home.remove();
  });

  it('shows the table, scales, restarts and quits without leaving a process behind', async () => {
    await waitForRows((r) => {
      expect(r.map((w) => [w.id, w.status])).toEqual([
        [0, 'online'],
        [1, 'online'],
      ]);
      expect(r[0]!.selected).toBe(true);
    });
    expect(session.screen()).toMatch(/^clmon · /);
    // one log pane title, on its own row (issue-80x24: repeated lines once drew over it)
    expect(session.screen().match(/^── logs: all workers ─+$/gm)).toHaveLength(1);
    expect(session.screen()).toMatch(/2\/2 online/);

    session.send('+');
    await waitForRows((r) =>
      expect(r.map((w) => [w.id, w.status])).toEqual([
        [0, 'online'],
        [1, 'online'],
        [2, 'online'],
      ]),
    );
    expect(session.screen()).toContain('web scaled to 3');

    const before = rows()[0]!;
    session.send('r');
    await waitForRows((r) => {
      expect(r[0]!.pid).not.toBe(before.pid);
      expect(r[0]!.pid).not.toBeNull();
      expect(r[0]!.restarts).toBe(before.restarts + 1);
      expect(r[0]!.status).toBe('online');
    });
    expect(session.screen()).toContain('restarted web:0');

    session.send('-');
    await waitForRows((r) => expect(r.map((w) => w.id)).toEqual([0, 1]));
    expect(session.screen()).toContain('web scaled to 2');

    rows(); // the pids now running, for the check below
    session.send('q');
    await eventually(() => expect(session.screen()).toContain('Stop 2 workers and quit? y/n'), 30_000);
    session.send('y');
    await eventually(() => expect(session.pane().dead).toBe(true), 30_000);
    expect(readFileSync(statusFile, 'utf8').trim()).toBe('0');
    // the alternate screen is gone: the terminal shows what it showed before
    expect(session.screen()).not.toContain('clmon · ');
    expect(seen.size).toBeGreaterThanOrEqual(4);
    await eventually(() => expect([...seen, clmonPid].filter(isAlive)).toEqual([]), 10_000);
  });
});
