// A home with the daemon and a `clmon run` at once (docs/cli.md: `ls` lists every supervisor of the
// home): listing, routing targets to the right one, logs --follow, attach's choices, kill.
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, Harness, isAlive, waitFor } from '../daemon/daemon-harness.js';

const h = new Harness();
let run: ChildProcess;

beforeAll(async () => {
  expect((await h.clmon(['start', fixture('daemon-env.cjs'), '--name', 'web'])).code).toBe(0);
  run = h.spawnClmon(['run', fixture('daemon-env.cjs'), '--name', 'side', '--no-tui'], { CLMON_TEST_VAR: 'run-env' });
  h.track(run.pid);
  await waitFor(async () => (await h.clmon(['ls', '--json'])).stdout.includes('"side"'), 30_000, 'the run to be listed');
});
afterAll(() => h.cleanup());

describe('a home with a daemon and a clmon run', () => {
  it('ls lists both, the daemon first, each app with its source', async () => {
    const { apps } = await h.ls();
    expect(apps.map((a) => [a.name, a.source])).toEqual([
      ['web', 'daemon'],
      ['side', 'run'],
    ]);
    const table = await h.clmon(['ls']);
    expect(table.stdout).toMatch(/source/);
    expect(table.stdout).toMatch(/side\s.*\srun/);
  });

  it('routes a target to the supervisor that runs the app', async () => {
    const before = (await h.ls()).apps.find((a) => a.name === 'side')!.workers[0]!;
    const result = await h.clmon(['restart', 'side']);
    expect(result.code).toBe(0);
    await waitFor(async () => (await h.ls()).apps.find((a) => a.name === 'side')!.workers[0]!.status === 'online', 20_000, 'side online');
    const after = (await h.ls()).apps.find((a) => a.name === 'side')!.workers[0]!;
    expect(after.restarts).toBe(before.restarts + 1);
    expect((await h.ls()).apps.find((a) => a.name === 'web')!.workers[0]!.restarts).toBe(0);
    const unknown = await h.clmon(['stop', 'nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/known apps: web, side/);
  });

  it('logs merge both supervisors', async () => {
    const result = await h.clmon(['logs', '--lines', '100', '--json']);
    const apps = new Set(
      result.stdout
        .trimEnd()
        .split('\n')
        .map((l) => (JSON.parse(l) as { app: string }).app),
    );
    expect([...apps].sort()).toEqual(['side', 'web']);
  });

  it('refuses to start in the daemon an app name that a clmon run already runs', async () => {
    const result = await h.clmon(['start', fixture('daemon-env.cjs'), '--name', 'side']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`"side" already runs in run pid ${run.pid}`));
    expect((await h.ls()).apps.filter((a) => a.name === 'side')).toHaveLength(1);
  });

  it('logs --follow prints the backlog, then new lines once each, until Ctrl-C', async () => {
    const follow = h.spawnClmon(['logs', 'side', '--follow', '--lines', '1']);
    let out = '';
    let err = '';
    follow.stdout!.on('data', (d: Buffer) => (out += d));
    follow.stderr!.on('data', (d: Buffer) => (err += d));
    await waitFor(() => out.split('\n').length >= 2, 20_000, 'the backlog line');
    expect(out.trimEnd().split('\n')).toHaveLength(1);
    expect((await h.clmon(['restart', 'side'])).code).toBe(0);
    await waitFor(() => (out.match(/env CLMON_TEST_VAR=run-env/g) ?? []).length >= 1 && out.includes('a line on stderr'), 20_000, 'followed lines');
    await new Promise((r) => setTimeout(r, 300));
    const lines = out.trimEnd().split('\n');
    expect(new Set(lines).size).toBe(lines.length);
    expect(lines.every((l) => / side:0( err)? \| /.test(l))).toBe(true);
    const code = new Promise((resolve) => follow.once('exit', resolve));
    follow.kill('SIGINT');
    expect(await code).toBe(0);
    // Ctrl-C is the user leaving, not the supervisor going away.
    expect(err).not.toMatch(/went away/);
  });

  it('attach without a terminal and several supervisors names the --socket choices (exit 2)', async () => {
    const result = await h.clmon(['attach']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/several supervisors/);
    expect(result.stderr).toContain(`--socket ${h.home}/sock/daemon.sock`);
    expect(result.stderr).toContain(`--socket ${h.home}/sock/run-${run.pid}.sock`);
  });

  it('an unknown command is exit 2, naming the commands', async () => {
    const result = await h.clmon(['frobnicate']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown command "frobnicate"; the commands are run, start, ls/);
  });

  it('kill stops the daemon and its apps and leaves the clmon run alone', async () => {
    const web = (await h.ls()).apps.find((a) => a.name === 'web')!.workers[0]!.pid!;
    const daemon = h.daemonPid()!;
    const result = await h.clmon(['kill']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`clmon run \\(pid ${run.pid}\\) still runs`));
    expect(isAlive(daemon)).toBe(false);
    expect(isAlive(web)).toBe(false);
    expect((await h.ls()).apps.map((a) => a.name)).toEqual(['side']);
    const exited = new Promise((resolve) => run.once('exit', resolve));
    run.kill('SIGTERM');
    expect(await exited).toBe(0);
    const ls = await h.clmon(['ls']);
    expect(ls.code).toBe(1);
  });
});
