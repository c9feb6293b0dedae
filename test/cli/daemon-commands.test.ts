// End to end: the built `clmon` binary against a real daemon in a temp home, real workers,
// real HTTP. One daemon for the whole file; the tests run in order and build on each other.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, freePort, Harness, isAlive, waitFor } from '../daemon/daemon-harness.js';

const h = new Harness();
let port = 0;

beforeAll(async () => {
  port = await freePort();
});
afterAll(() => h.cleanup());

async function get(path = '/'): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  return res.text();
}

describe('clmon start / ls', () => {
  it('starts the daemon and a cluster app, prints the table and exits 0', async () => {
    const result = await h.clmon(['start', fixture('daemon-http.cjs'), '-i', '2', '--name', 'web'], { env: { PORT: String(port) } });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^app\s+id\s+mode\s+pid\s+status/);
    expect(result.stdout.match(/web\s+\d\s+cluster\s+\d+\s+online/g)).toHaveLength(2);
    expect(await get()).toMatch(/^ok \d+/);
    const daemon = h.daemonPid();
    expect(daemon && isAlive(daemon)).toBe(true);
  });

  it('ls --json has exactly the shape of docs/json.md', async () => {
    const { apps } = await h.ls();
    expect(apps).toHaveLength(1);
    const [app] = apps;
    expect(Object.keys(app!).sort()).toEqual(['instances', 'mode', 'name', 'source', 'workers']);
    expect(app).toMatchObject({ name: 'web', mode: 'cluster', instances: 2, source: 'daemon' });
    expect(app!.workers.map((w) => w.id)).toEqual([0, 1]);
    for (const w of app!.workers) {
      expect(Object.keys(w).sort()).toEqual(['cpu', 'id', 'lastExit', 'memory', 'pid', 'restarts', 'runtime', 'status', 'uptimeMs']);
      expect(w.status).toBe('online');
      expect(Number.isInteger(w.pid)).toBe(true);
      expect(isAlive(w.pid!)).toBe(true);
      expect(w.restarts).toBe(0);
      expect(typeof w.uptimeMs).toBe('number');
      expect(typeof w.cpu).toBe('number');
      expect(typeof w.memory).toBe('number');
      expect(w.lastExit).toBeNull();
      expect(w.runtime === null || typeof w.runtime?.sampledAt === 'string').toBe(true);
    }
  });

  it('status is an alias, and the table fits $COLUMNS', async () => {
    const wide = await h.clmon(['status']);
    expect(wide.code).toBe(0);
    expect(wide.stdout).toMatch(/uptime/);
    const narrow = await h.clmon(['ls'], { env: { COLUMNS: '40' } });
    expect(narrow.code).toBe(0);
    const lines = narrow.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(40);
    expect(lines[1]).toMatch(/^web\s+0/);
  });

  it('the control socket is 0600 in a 0700 directory, the home 0700', () => {
    expect(statSync(join(h.home, 'sock/daemon.sock')).mode & 0o777).toBe(0o600);
    expect(statSync(join(h.home, 'sock')).mode & 0o777).toBe(0o700);
    expect(statSync(h.home).mode & 0o777).toBe(0o700);
  });

  it('refuses to start an app name that already runs (exit 2), and starts no second copy', async () => {
    const before = await h.ls();
    const result = await h.clmon(['start', fixture('daemon-http.cjs'), '--name', 'web'], { env: { PORT: String(port) } });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/app "web" already runs here/);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
    const after = await h.ls();
    expect(after.apps).toHaveLength(1);
    expect(after.apps[0]!.workers.map((w) => w.pid)).toEqual(before.apps[0]!.workers.map((w) => w.pid));
  });

  it('apps get the environment of the start command; the daemon keeps none of it', async () => {
    const result = await h.clmon(['start', fixture('daemon-env.cjs'), '--name', 'envy'], { env: { CLMON_TEST_VAR: 'from-the-shell' } });
    expect(result.code).toBe(0);
    await waitFor(async () => (await h.clmon(['logs', 'envy'])).stdout.includes('env CLMON_TEST_VAR=from-the-shell'), 20_000, 'env line');
    const environ = readFileSync(`/proc/${h.daemonPid()}/environ`, 'utf8').split('\0');
    expect(environ.some((kv) => kv.startsWith('CLMON_TEST_VAR='))).toBe(false);
    expect(environ.some((kv) => kv.startsWith('PATH='))).toBe(true);
  });
});

describe('clmon logs', () => {
  it('--lines N prints the N most recent lines in total, merged', async () => {
    const result = await h.clmon(['logs', '--lines', '3']);
    expect(result.code).toBe(0);
    expect(result.stdout.trimEnd().split('\n')).toHaveLength(3);
    const all = await h.clmon(['logs', '--lines', '1000', '--json']);
    const lines = all.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { app: string; stream: string; text: string; seq: number });
    expect(lines.length).toBeGreaterThanOrEqual(5);
    const last3 = lines.slice(-3).map((l) => l.text);
    expect(
      result.stdout
        .trimEnd()
        .split('\n')
        .map((l) => l.split(' | ').slice(1).join(' | ')),
    ).toEqual(last3);
  });

  it('--err keeps stderr only; --json prints one object per line', async () => {
    const result = await h.clmon(['logs', 'web', '--err', '--json']);
    expect(result.code).toBe(0);
    const lines = result.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.length).toBe(2);
    for (const line of lines) {
      expect(line).toMatchObject({ app: 'web', stream: 'err' });
      expect(line.text).toMatch(/^boot stderr [01]$/);
      expect(Object.keys(line).sort()).toEqual(['app', 'at', 'id', 'pid', 'seq', 'stream', 'text']);
    }
    const one = await h.clmon(['logs', 'web:1', '--json']);
    for (const line of one.stdout.trimEnd().split('\n')) expect(JSON.parse(line)).toMatchObject({ app: 'web', id: 1 });
  });

  it('rejects a bad --lines and an unknown app with exit 2', async () => {
    const bad = await h.clmon(['logs', '--lines', 'ten']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--lines "ten"/);
    const unknown = await h.clmon(['logs', 'nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown app "nope" \(known apps: web, envy\)/);
  });
});

describe('clmon scale / restart', () => {
  const workers = async (app = 'web') => (await h.ls()).apps.find((a) => a.name === app)!.workers;

  it('scale n, +n and -n (a leading minus is a count, not an option)', async () => {
    expect((await h.clmon(['scale', 'web', '3'])).code).toBe(0);
    expect((await workers()).map((w) => w.id)).toEqual([0, 1, 2]);
    const plus = await h.clmon(['scale', 'web', '+1']);
    expect(plus.code).toBe(0);
    expect(plus.stdout).toMatch(/scaled web to 4 workers/);
    expect((await workers()).map((w) => w.id)).toEqual([0, 1, 2, 3]);
    const minus = await h.clmon(['scale', 'web', '-2']);
    expect(minus.stderr).toBe('');
    expect(minus.code).toBe(0);
    await waitFor(async () => (await workers()).length === 2, 20_000, 'scale down to 2');
    expect((await workers()).map((w) => w.id)).toEqual([0, 1]);
    expect((await h.ls()).apps.find((a) => a.name === 'web')!.instances).toBe(2);
  });

  it('a bad count or one that leaves no worker is exit 2 and changes nothing', async () => {
    const bad = await h.clmon(['scale', 'web', 'many']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/"many" is not a count/);
    const tooFew = await h.clmon(['scale', 'web', '-5']);
    expect(tooFew.code).toBe(2);
    expect(tooFew.stderr).toMatch(/at least 1/);
    const unknown = await h.clmon(['scale', 'nope', '2']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown app "nope"/);
    expect(await workers()).toHaveLength(2);
  });

  it('restart app:id replaces that worker only', async () => {
    const before = await workers();
    const result = await h.clmon(['restart', 'web:1']);
    expect(result.code).toBe(0);
    await waitFor(async () => (await workers())[1]!.status === 'online', 20_000, 'web:1 online');
    const after = await workers();
    expect(after[0]!.pid).toBe(before[0]!.pid);
    expect(after[1]!.pid).not.toBe(before[1]!.pid);
    expect(after[1]!.restarts).toBe(before[1]!.restarts + 1);
    expect(after[1]!.lastExit).toMatchObject({ cause: 'manual' });
    expect(await get()).toMatch(/^ok/);
  });
});

describe('clmon describe', () => {
  it('shows the exit history of a crash loop, with stderr tails, and why it was given up on', async () => {
    const start = await h.clmon(['start', fixture('daemon-crash.cjs'), '--name', 'crashy', '--max-restarts', '2', '--min-uptime', '10s']);
    expect(start.code).toBe(0);
    await waitFor(async () => (await workers('crashy'))[0]!.status === 'errored', 30_000, 'crashy errored');
    const result = await h.clmon(['describe', 'crashy', '--json']);
    expect(result.code).toBe(0);
    const { apps } = JSON.parse(result.stdout) as Awaited<ReturnType<Harness['ls']>>;
    expect(apps).toHaveLength(1);
    const [worker] = apps[0]!.workers;
    expect(worker!.status).toBe('errored');
    expect(worker!.restarts).toBe(2);
    expect(typeof worker!.reason).toBe('string');
    expect(worker!.reason!.length).toBeGreaterThan(0);
    expect(worker!.exits).toHaveLength(3);
    for (const exit of worker!.exits!) {
      expect(Object.keys(exit).sort()).toEqual(['at', 'cause', 'code', 'killed', 'signal', 'stderrTail', 'uptimeMs']);
      expect(exit).toMatchObject({ code: 3, signal: null, cause: 'crash', killed: false });
      expect(exit.stderrTail).toEqual(expect.arrayContaining(['crash context line 1', 'crash context line 2']));
    }
    expect(worker!.lastExit).toEqual(Object.fromEntries(Object.entries(worker!.exits![0]!).filter(([k]) => k !== 'killed' && k !== 'stderrTail')));

    const human = await h.clmon(['describe', 'crashy']);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/errored/);
    expect(human.stdout).toMatch(/code 3/);
    expect(human.stdout).toMatch(/crash context line 2/);
  });

  it('describe app:id shows that worker only; a missing id or app is exit 2', async () => {
    const one = await h.clmon(['describe', 'web:1', '--json']);
    expect(one.code).toBe(0);
    const { apps } = JSON.parse(one.stdout) as Awaited<ReturnType<Harness['ls']>>;
    expect(apps[0]!.workers.map((w) => w.id)).toEqual([1]);
    expect(apps[0]!.workers[0]!.exits).toHaveLength(1);
    const missing = await h.clmon(['describe', 'web:7']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/web has no worker 7 \(ids: 0, 1\)/);
    expect((await h.clmon(['describe', 'nope'])).code).toBe(2);
  });

  it('records killed: true when SIGKILL was needed', async () => {
    const start = await h.clmon(['start', fixture('daemon-stubborn.cjs'), '--name', 'mule', '--kill-timeout', '600']);
    expect(start.code).toBe(0);
    await waitFor(async () => (await workers('mule'))[0]!.status === 'online', 20_000, 'mule online');
    expect((await h.clmon(['restart', 'mule'])).code).toBe(0);
    const { apps } = JSON.parse((await h.clmon(['describe', 'mule', '--json'])).stdout) as Awaited<ReturnType<Harness['ls']>>;
    expect(apps[0]!.workers[0]!.exits![0]).toMatchObject({ killed: true, cause: 'manual', signal: 'SIGKILL' });
  });

  async function workers(app: string) {
    return (await h.ls()).apps.find((a) => a.name === app)!.workers;
  }
});

describe('clmon stop / delete / kill', () => {
  it('stop keeps the app listed as stopped; delete forgets it', async () => {
    const pids = (await h.ls()).apps.find((a) => a.name === 'web')!.workers.map((w) => w.pid!);
    const stop = await h.clmon(['stop', 'web']);
    expect(stop.code).toBe(0);
    const web = (await h.ls()).apps.find((a) => a.name === 'web')!;
    expect(web.workers.map((w) => w.status)).toEqual(['stopped', 'stopped']);
    for (const pid of pids) expect(isAlive(pid)).toBe(false);
    const del = await h.clmon(['delete', 'web']);
    expect(del.code).toBe(0);
    expect((await h.ls()).apps.map((a) => a.name)).not.toContain('web');
    expect((await h.clmon(['delete', 'web'])).code).toBe(2);
  });

  it('kill stops every app, then the daemon: no process of the home is left', async () => {
    const { apps } = await h.ls();
    const pids = apps.flatMap((a) => a.workers.map((w) => w.pid)).filter((p): p is number => p !== null);
    expect(pids.length).toBeGreaterThan(0);
    const daemon = h.daemonPid()!;
    const result = await h.clmon(['kill']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`pid ${daemon}`));
    expect(isAlive(daemon)).toBe(false);
    for (const pid of pids) expect(isAlive(pid)).toBe(false);
    expect(h.daemonPid()).toBeUndefined();
    const ls = await h.clmon(['ls']);
    expect(ls.code).toBe(1);
    expect(ls.stderr).toContain(h.home);
    expect(ls.stderr).toMatch(/clmon start/);
  });
});
