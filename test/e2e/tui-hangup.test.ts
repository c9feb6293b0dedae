// `clmon run` in a terminal that goes away (the tmux server killed: EOF on the tty, SIGHUP, EIO
// on every write): the group is stopped gracefully as `q` + `y` would, clmon exits 0, and no
// worker is left. (The attach side, which must detach and leave the group running, is in
// test/cli/attach.test.ts.)
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN } from '../helpers/cli.js';
import { isAlive, killAll } from '../helpers/processes.js';
import { tmpHome } from '../helpers/tmp-home.js';
import { eventually } from '../helpers/wait-for.js';
import { hasTmux, TmuxSession, workerRows } from './tmux.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const FIXTURE = resolve(ROOT, 'test/fixtures/ui-ecosystem.config.cjs');

/** The pids of the processes whose parent is `pid`. */
function childrenOf(pid: number): number[] {
  const out = spawnSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' }).stdout.trim();
  return out ? out.split('\n').map(Number) : [];
}

describe.skipIf(!hasTmux())('clmon run when its terminal closes', () => {
  const home = tmpHome('clmon-tui-hangup-');
  const pids = new Set<number>();
  let session: TmuxSession | undefined;

  afterAll(() => {
    killAll([...pids].filter(isAlive));
    session?.kill();
    home.remove();
  });

  it('stops the group gracefully, exits 0 and leaves no process', async () => {
    if (!existsSync(resolve(ROOT, 'dist/cli-bundle/clmon.cjs'))) throw new Error('dist/ is missing: run `npm run build` first');
    const status = resolve(home.dir, 'status');
    // The shell survives the hang-up (its trap runs after clmon ended) to keep clmon's status.
    const command = `trap true HUP; env -u CI ${process.execPath} ${BIN} run ${FIXTURE} --home ${home.dir}; echo $? > ${status}`;
    session = new TmuxSession(`sh -c '${command}'`, { cwd: ROOT, columns: 120, rows: 40 });
    const shell = session.pane().pid;
    await eventually(() => expect(childrenOf(shell)).toHaveLength(1), 30_000);
    const clmon = childrenOf(shell)[0]!;
    pids.add(clmon);
    await eventually(() => {
      const rows = workerRows(session!.screen());
      expect(rows.map((w) => w.status)).toEqual(['online', 'online']);
      for (const w of rows) pids.add(w.pid!);
    }, 30_000);
    session.kill();
    await eventually(() => expect(existsSync(status) && readFileSync(status, 'utf8').trim()).toBe('0'), 30_000);
    await eventually(() => expect([...pids].filter(isAlive)).toEqual([]), 10_000);
    expect(pids.size).toBe(3);
  });
});
