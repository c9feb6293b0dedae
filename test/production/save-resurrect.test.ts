// `clmon save`, `clmon resurrect` and `clmon daemon` (docs/cli.md#save---force--resurrect---update-env) with the built binary, a real
// daemon in a temp home and real workers; the tests build on each other in order.
import { spawn } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, fixture, Harness, isAlive, waitFor } from '../daemon/daemon-harness.js';

const h = new Harness();
afterAll(() => h.cleanup());
const dump = join(h.home, 'dump.json');
const readJson = (): { format: number; apps: Record<string, unknown>[] } => JSON.parse(readFileSync(dump, 'utf8'));

describe('clmon save', () => {
  it('with no daemon: exit 1 saying so, and no dump', async () => {
    const result = await h.clmon(['save']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/no daemon runs for home .*: nothing to save/);
    expect(() => statSync(dump)).toThrow();
  });

  it('writes every app as started, the instance count after scale, its options and full env, mode 0600', async () => {
    expect(
      (await h.clmon(['start', fixture('sup-idle.cjs'), '-i', '2', '--name', 'idle', '--kill-timeout', '900'], { env: { CLMON_TEST_VAR: 'from-start' } })).code,
    ).toBe(0);
    expect(
      (await h.clmon(['start', fixture('daemon-env.cjs'), '--name', 'env', '--log-max-size', '1M', '--', 'a b'], { env: { CLMON_TEST_VAR: 'from-start' } }))
        .code,
    ).toBe(0);
    expect((await h.clmon(['scale', 'idle', '3'])).code).toBe(0);
    const result = await h.clmon(['save']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/saved 2 app\(s\) to .*dump\.json: idle \(3\), env \(1\)/);
    expect(statSync(dump).mode & 0o777).toBe(0o600);
    const saved = readJson();
    expect(saved.format).toBe(1);
    const [idle, env] = saved.apps;
    expect(idle).toMatchObject({ name: 'idle', script: fixture('sup-idle.cjs'), instances: 3, execMode: 'cluster', killTimeout: 900 });
    expect((idle!.env as Record<string, string>).CLMON_TEST_VAR).toBe('from-start');
    expect((idle!.env as Record<string, string>).PATH).toBe(process.env.PATH);
    expect(env).toMatchObject({ name: 'env', args: ['a b'], logMaxSize: 1024 * 1024, execMode: 'fork' });
  });

  it('refuses to overwrite a dump of apps with an empty list (exit 1), unless --force', async () => {
    expect((await h.clmon(['delete', 'all'])).code).toBe(0);
    const refused = await h.clmon(['save']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/runs no apps; not overwriting .*dump\.json, which holds 2 app\(s\) \(use --force/);
    expect(readJson().apps).toHaveLength(2);
  });
});

describe('clmon resurrect', () => {
  it('starts every app of the dump that does not run yet, by name, and prints the table', async () => {
    expect((await h.clmon(['start', fixture('sup-idle.cjs'), '--name', 'env'])).code).toBe(0); // "env" already runs
    const result = await h.clmon(['resurrect']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/env already runs/);
    expect(result.stdout.match(/idle\s+\d\s+cluster\s+\d+\s+online/g)).toHaveLength(3);
    const { apps } = await h.ls();
    expect(apps.map((a) => `${a.name}:${a.workers.length}`).sort()).toEqual(['env:1', 'idle:3']);
  });

  it("after kill, starts the daemon and everything again; --update-env overlays this shell's env", async () => {
    expect((await h.clmon(['kill'])).code).toBe(0);
    writeFileSync(dump, JSON.stringify({ ...readJson(), apps: readJson().apps.filter((a) => a.name === 'env') }));
    const result = await h.clmon(['resurrect', '--update-env'], { env: { CLMON_TEST_VAR: 'updated' } });
    expect(result.code).toBe(0);
    const saved = readJson().apps[0]!.env as Record<string, string>;
    expect(saved.CLMON_TEST_VAR).toBe('from-start'); // the dump itself is not changed
    await waitFor(
      async () => (await h.clmon(['logs', 'env', '--lines', '50'])).stdout.includes('env CLMON_TEST_VAR=updated'),
      10_000,
      'the updated env in the worker',
    );
    // logs --lines reaches back into the files of the run before the kill (no slot known there)
    const logs = (await h.clmon(['logs', 'env', '--lines', '50'])).stdout;
    expect(logs).toMatch(/ env \| env CLMON_TEST_VAR=from-start\n[\s\S]* env:0 \| env CLMON_TEST_VAR=updated/);
    expect((await h.clmon(['kill'])).code).toBe(0);
  });

  for (const [what, text, message] of [
    ['a truncated dump', '{"format":1,"apps":[{"name":"idle","scr', /dump .*dump\.json is not valid JSON \(truncated or corrupt/],
    ['an empty dump', '', /dump .*dump\.json is empty/],
    [
      'a corrupt app',
      '{"format":1,"apps":[{"name":"x","script":"/x","args":[],"cwd":"/","instances":"two","execMode":"fork","env":{}}]}',
      /apps\[0\] \("x"\): field "instances" is "two"; it must be a whole number/,
    ],
    ['a newer format', '{"format":2,"apps":[]}', /written by a newer clmon \(dump format 2; this clmon reads format 1\)/],
  ] as const) {
    it(`${what}: exit 2 naming the file and what is wrong, and nothing (no daemon either) is started`, async () => {
      writeFileSync(dump, text);
      const result = await h.clmon(['resurrect']);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(h.daemonPid()).toBeUndefined();
    });
  }

  it('a missing dump: exit 2, named', async () => {
    const other = new Harness();
    try {
      const result = await other.clmon(['resurrect']);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`no dump at ${join(other.home, 'dump.json')}`);
    } finally {
      await other.cleanup();
    }
  });
});

describe('clmon daemon (foreground)', () => {
  it('--resurrect with no dump starts empty and says so; SIGTERM stops it with exit 0', async () => {
    const other = new Harness();
    try {
      const child = other.spawnClmon(['daemon', '--resurrect']);
      let stderr = '';
      child.stderr!.on('data', (d: Buffer) => (stderr += d));
      await waitFor(() => stderr.includes('serving home'), 10_000, 'the daemon to serve');
      await waitFor(() => stderr.includes('no dump at'), 5000, 'the no-dump message');
      expect((await other.ls()).apps).toEqual([]);
      const code = new Promise((resolve) => child.once('exit', (c) => resolve(c)));
      child.kill('SIGTERM');
      expect(await code).toBe(0);
    } finally {
      await other.cleanup();
    }
  });

  it("--resurrect starts the dump's apps; SIGINT stops every worker gracefully, then exit 0", async () => {
    writeFileSync(dump, JSON.stringify({ format: 1, apps: [] }));
    expect((await h.clmon(['start', fixture('sup-idle.cjs'), '-i', '2', '--name', 'idle'])).code).toBe(0);
    expect((await h.clmon(['save', '--force'])).code).toBe(0);
    expect((await h.clmon(['kill'])).code).toBe(0);
    const child = spawn(process.execPath, [BIN, '--home', h.home, 'daemon', '--resurrect'], { stdio: ['ignore', 'ignore', 'pipe'] });
    h.track(child.pid);
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d));
    await waitFor(() => stderr.includes('resurrected 1 app(s)'), 10_000, 'resurrect');
    let pids: number[] = [];
    await waitFor(
      async () => {
        const workers = (await h.ls()).apps[0]?.workers ?? [];
        pids = workers.map((w) => w.pid!);
        return workers.length === 2 && workers.every((w) => w.status === 'online');
      },
      10_000,
      'two online workers',
    );
    const code = new Promise((resolve) => child.once('exit', (c) => resolve(c)));
    child.kill('SIGINT');
    expect(await code).toBe(0);
    expect(stderr).toMatch(/SIGINT: stopping every app gracefully/);
    for (const pid of pids) expect(isAlive(pid)).toBe(false);
  });
});
