// `clmon run --no-tui` as a user runs it: the built binary, real workers, real signals.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fixture } from '../helpers/app-spec.js';
import { clmonSpawn, clmonSync, type Running } from '../helpers/cli.js';
import { freePort, get } from '../helpers/net.js';
import { isAlive, killAll } from '../helpers/processes.js';
import { tmpHome } from '../helpers/tmp-home.js';
import { carrying, killCarrying, tokenOf } from '../helpers/token-scan.js';
import { waitFor } from '../helpers/wait-for.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function start(args: string[], env: NodeJS.ProcessEnv = {}): { run: Running; home: string; pids: () => number[] } {
  const home = tmpHome();
  const run = clmonSpawn(['run', ...args, '--no-tui', '--home', home.dir], { env: { ...process.env, ...env } });
  const pids = (): number[] => [...run.output().matchAll(/\(pid (\d+)\)/g)].map((m) => Number(m[1]));
  cleanups.push(() => {
    killAll([run.child.pid, ...pids()]);
    home.remove();
  });
  return { run, home: home.dir, pids };
}

const onlineCount = (out: string): number => (out.match(/ online \(pid \d+\)/g) ?? []).length;

describe('clmon run --no-tui', () => {
  it('prints prefixed log lines and state changes; SIGINT stops every worker gracefully and exits 0', async () => {
    const port = await freePort();
    const { run, pids } = start([fixture('sup-http-graceful.cjs'), '-i', '2'], { PORT: String(port) });
    // both workers' lines: #0 may print its own after #1 is already online and listening
    await waitFor(
      () =>
        onlineCount(run.output()) >= 2 && /sup-http-graceful#0 \| listening on/.test(run.output()) && /sup-http-graceful#1 \| listening on/.test(run.output()),
      { what: 'two workers online and logging' },
    );
    expect(run.output()).toMatch(/^\d\d:\d\d:\d\d sup-http-graceful#0 \| listening on \d+$/m);
    const seen = new Set<number>();
    await waitFor(
      async () => {
        seen.add((await get(port)).body.pid);
        return seen.size === 2;
      },
      { what: 'both pids answering' },
    );
    const workers = pids();
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
    expect(workers.filter(isAlive)).toEqual([]);
  });

  it('output closed (`clmon run … --no-tui | head`): workers stopped gracefully, no stack trace', async () => {
    const { run, pids } = start([fixture('sup-flood.cjs')], { FLOOD_LINES: '1000000' });
    await waitFor(() => onlineCount(run.output()) >= 1 && run.output().length > 10_000, { what: 'flood output' });
    const workers = pids();
    run.child.stdout!.destroy();
    expect(await run.exited).toBe(0);
    expect(run.errors()).toMatch(/output closed: stopping every worker gracefully/);
    expect(run.errors()).not.toMatch(/\n\s+at /);
    expect(workers.filter(isAlive)).toEqual([]);
  });

  it('a worker cannot move the cursor, clear the screen or set the title', async () => {
    const { run } = start([fixture('sup-escapes.cjs')]);
    await waitFor(() => run.output().includes('err line'), { what: 'the escape lines' });
    const out = run.output();
    expect(out).toContain('red plain');
    expect(out).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
  });

  it('SIGKILL of clmon: every worker and grandchild is gone within 5 s', async () => {
    const { run, pids } = start([fixture('sup-tree.cjs'), '-i', '2', '--exec-mode', 'cluster']);
    const { run: forked, pids: forkPids } = start([fixture('sup-tree.cjs'), '--exec-mode', 'fork']);
    await waitFor(() => onlineCount(run.output()) >= 2 && (run.output().match(/child \d+/g) ?? []).length >= 2, { what: 'cluster workers and their children' });
    await waitFor(() => onlineCount(forked.output()) >= 1 && /child \d+/.test(forked.output()), { what: 'fork worker and its child' });
    const victims = [...pids(), ...forkPids(), ...[...(run.output() + forked.output()).matchAll(/child (\d+)/g)].map((m) => Number(m[1]))];
    expect(victims.length).toBeGreaterThanOrEqual(6);
    expect(victims.every(isAlive)).toBe(true);
    const tokens = [tokenOf(pids()[0]!), tokenOf(forkPids()[0]!)];
    cleanups.push(() => tokens.forEach(killCarrying));
    expect(new Set(tokens.flatMap(carrying))).toEqual(new Set(victims));
    run.child.kill('SIGKILL');
    forked.child.kill('SIGKILL');
    // Gone by pid, and nothing else carries either run's token (re-parented children included).
    await waitFor(() => victims.every((pid) => !isAlive(pid)) && tokens.flatMap(carrying).length === 0, {
      what: 'every worker gone',
      timeoutMs: 5000,
      intervalMs: 100,
    });
  });

  it('a log flood: 2 workers × 100,000 lines, every line on disk, whole and in order', async () => {
    const { run, home } = start([fixture('sup-flood.cjs'), '-i', '2', '--name', 'flood'], { FLOOD_LINES: '100000' });
    let peakRss = 0;
    const rssOf = (pid: number): number => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
    await waitFor(
      () => {
        peakRss = Math.max(peakRss, rssOf(run.child.pid!));
        return (run.output().match(/flood#\d ! done/g) ?? []).length === 2;
      },
      { what: 'both workers done', timeoutMs: 60_000, intervalMs: 20 },
    );
    // Bounded: the rings and batches are capped, so 200,000 lines do not pile up in clmon.
    expect(peakRss).toBeGreaterThan(0);
    expect(peakRss).toBeLessThan(300 * 1024 * 1024);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    const lines = readFileSync(join(home, 'logs', 'flood-out.log'), 'utf8')
      .split('\n')
      .filter(Boolean);
    expect(lines).toHaveLength(200_000);
    const next = [1, 1];
    for (const line of lines) {
      const [slot, n] = line.split(' ').map(Number) as [number, number];
      expect(n).toBe(next[slot]);
      next[slot]!++;
    }
  });
});

describe('bad input: exit code 2, the message names what is wrong, nothing starts', () => {
  const cases: [string, string[], RegExp][] = [
    ['a missing script', ['no-such-script.js'], /no-such-script\.js/],
    ['a syntax error in the ecosystem file', [fixture('sup-bad-syntax.config.js')], /sup-bad-syntax\.config\.js/],
    [
      'instances: "lots" and exec_mode: "turbo"',
      [fixture('sup-bad-fields.config.cjs')],
      /instances[\s\S]*lots[\s\S]*exec_mode[\s\S]*turbo|exec_mode[\s\S]*turbo[\s\S]*instances[\s\S]*lots/,
    ],
  ];
  it.each(cases)('%s', (_what, args, message) => {
    const home = tmpHome();
    cleanups.push(home.remove);
    const r = clmonSync(['run', ...args, '--no-tui', '--home', home.dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(existsSync(join(home.dir, 'logs')) ? readdirSync(join(home.dir, 'logs')) : []).toEqual([]);
  });
});
