// The drain before every planned stop of a cluster worker (docs/supervision.md#reload), with real processes and
// real keep-alive load: one worker stopped, restarted or scaled away while the others serve loses
// no request; a request that never ends holds a reload up for drain_timeout + kill_timeout at
// most; the app's own closeAllConnections() cuts no request in flight; a worker that never
// answers the drain message is still stopped.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppSpec, ReloadProgress } from '../../src/model/types.js';
import { isAlive } from '../helpers/processes.js';
import { keepAliveLoad } from '../helpers/net.js';
import { sleep, waitFor } from '../helpers/wait-for.js';
import { harness, startHttpCluster, type Harness } from './harness.js';

let h: Harness;
afterEach(async () => h?.close());

const CLIENTS = 8;

function startWeb(instances: number, env: Record<string, string>, spec: Partial<AppSpec> = {}): Promise<number> {
  return startHttpCluster(h, { script: 'drain-app.cjs', instances, env, spec });
}

/** GET `path` on a connection of its own; resolves with the status, or the error's text. */
function request(port: number, path: string): Promise<number | string> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', (err) => resolve(String(err)));
    });
    req.on('error', (err) => resolve(String(err)));
  });
}

/** Resolves once a worker has received the request for `path` (it says so on stdout). */
async function opened(path: string): Promise<void> {
  await waitFor(async () => (await h.sup.logs({ target: 'web', lines: 100 })).some((l) => l.text === `open request ${path}`), {
    what: `the request for ${path} to reach a worker`,
  });
}

describe('stopping one worker of several under load', () => {
  it('restart, stop and scale-down of single workers lose no request', async () => {
    h = harness();
    const port = await startWeb(4, { APP_SHAPE: 'close-idle' });
    const load = keepAliveLoad(port, CLIENTS);
    await sleep(300);
    const before = await h.workers('web');

    await h.sup.restart('web:0');
    await h.waitWorker('web', 0, (w) => w.status === 'online', 'online again');
    await h.sup.stop('web:3');
    expect(await h.sup.scale('web', '2')).toBe(2);
    await sleep(300);

    const result = await load.stop();
    expect(result.errors).toEqual([]);
    expect(result.failed).toBe(0);
    const after = await h.workers('web');
    expect(after.map((w) => w.id)).toEqual([0, 1]);
    expect(after[0]!.pid).not.toBe(before[0]!.pid);
    expect(after[0]!.exits![0]).toMatchObject({ cause: 'manual', code: 0, killed: false });
    expect(after[1]!.pid).toBe(before[1]!.pid);
    expect(isAlive(before[2]!.pid!)).toBe(false);
    expect(isAlive(before[3]!.pid!)).toBe(false);
    // the load reached the workers that are left
    expect([...result.pids].some((pid) => pid === after[0]!.pid)).toBe(true);
  });
});

describe('a request that never ends', () => {
  it('holds a reload up for drain_timeout + kill_timeout at most, and no other request is lost', async () => {
    h = harness();
    const drainTimeout = 1000;
    const killTimeout = 800;
    const port = await startWeb(2, { APP_SHAPE: 'close-idle' }, { drainTimeout, killTimeout });
    const notices: string[] = [];
    h.sup.subscribe((e) => e.type === 'notice' && notices.push(e.message));
    const hung = request(port, '/hang');
    await opened('/hang');
    const load = keepAliveLoad(port, CLIENTS);
    await sleep(300);
    // how long each old worker took to stop, from 'stopping-old' to 'done'
    const stopping = new Map<number, number>();
    const stopMs = new Map<number, number>();
    const progress = (p: ReloadProgress): void => {
      if (p.phase === 'stopping-old') stopping.set(p.id, Date.now());
      if (p.phase === 'done') stopMs.set(p.id, Date.now() - stopping.get(p.id)!);
    };
    expect(await h.sup.reload('web', progress)).toEqual({ ok: true, replaced: [0, 1] });
    await sleep(150);
    const result = await load.stop();
    expect(result.errors).toEqual([]);
    expect(result.failed).toBe(0);
    expect(await hung).toMatch(/socket hang up|ECONNRESET/);
    const workers = await h.workers('web');
    // The one worker with the open request waited out drain_timeout, then the docs/supervision.md#stopping timeline ran
    // to SIGKILL at kill_timeout; the other one drained at once and left by itself.
    const held = workers.find((w) => w.exits![0]!.killed)!;
    const other = workers.find((w) => w !== held)!;
    expect(held.exits![0]).toMatchObject({ cause: 'reload', killed: true, signal: 'SIGKILL' });
    expect(other.exits![0]).toMatchObject({ cause: 'reload', killed: false, code: 0 });
    expect(stopMs.get(held.id)).toBeGreaterThanOrEqual(drainTimeout + killTimeout);
    // Below the default drain_timeout alone (5000 ms), which a lost setting would show; the slack
    // covers process-tree lookups on a loaded machine.
    expect(stopMs.get(held.id)).toBeLessThan(5000);
    const said = notices.filter((n) => n.includes('drain_timeout'));
    expect(said).toEqual([
      expect.stringMatching(new RegExp(`^web:${held.id}: connections still open after drain_timeout 1000 ms; pid \\d+ was stopped anyway$`)),
    ]);
  });

  it("the app's closeAllConnections() after drain_timeout cuts no request still being answered", async () => {
    h = harness();
    const port = await startWeb(2, { APP_SHAPE: 'close-all' }, { drainTimeout: 500 });
    // answered only 200 ms after the app's shutdown code (close + closeAllConnections) ran
    const held = request(port, '/hold');
    await opened('/hold');
    const load = keepAliveLoad(port, CLIENTS);
    await sleep(300);
    expect(await h.sup.reload('web')).toEqual({ ok: true, replaced: [0, 1] });
    const result = await load.stop();
    expect(result.errors).toEqual([]);
    expect(await held).toBe(200);
    const exits = (await h.workers('web')).map((w) => w.exits![0]!);
    expect(exits.every((e) => e.code === 0 && !e.killed)).toBe(true);
  });
});

describe('a reload that aborts', () => {
  it('drains a replacement that serves but never says ready before it is killed: no request lost', async () => {
    h = harness();
    const dir = mkdtempSync(join(tmpdir(), 'clmon-flag-'));
    const flag = join(dir, 'never-ready');
    try {
      const port = await startWeb(2, { APP_SHAPE: 'ready', NEVER_READY_FLAG: flag }, { waitReady: true, listenTimeout: 4000 });
      const before = (await h.workers('web')).map((w) => w.pid);
      writeFileSync(flag, '');
      // a new connection per request: the round-robin hands some to the replacement
      const load = keepAliveLoad(port, CLIENTS, { keepAlive: false });
      const result = await h.sup.reload('web');
      const tally = await load.stop();
      expect(result.ok).toBe(false);
      expect(result.error).toMatch(/not ready \(the 'ready' message\) within listen_timeout 4000 ms/);
      expect(tally.errors).toEqual([]);
      expect(tally.pids.size).toBeGreaterThan(2); // the replacement did serve
      expect((await h.workers('web')).map((w) => w.pid)).toEqual(before);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a worker that never answers the drain message', () => {
  it('is stopped anyway once drain_timeout is over', async () => {
    h = harness();
    await startWeb(1, { APP_SHAPE: 'listen', IGNORE_DRAIN: '1' }, { drainTimeout: 600, killTimeout: 800 });
    const { pid } = await h.worker('web', 0);
    await h.sup.stop('web');
    const w = await h.worker('web', 0);
    expect(w.status).toBe('stopped');
    expect(isAlive(pid!)).toBe(false);
    // an app that only listens leaves once disconnected: no signal was needed
    expect(w.exits![0]).toMatchObject({ cause: 'manual', code: 0, killed: false });
  });
});
