// The pm2 source against a real PM2 daemon (docs/cli.md#where-a-command-looks): what it shows, its logs, its actions as
// PM2 itself reports them (`pm2 jlist`), and that it never starts a daemon.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, test } from 'vitest';
import { RuntimeError, UserError } from '../../../src/errors.js';
import { createPm2Source } from '../../../src/sources/pm2/pm2-source.js';
import type { Source } from '../../../src/model/source.js';
import type { SupervisorEvent } from '../../../src/model/controller.js';
import type { LogLine, ReloadProgress } from '../../../src/model/types.js';
import { freePort } from '../../helpers/net.js';
import { killAll } from '../../helpers/processes.js';
import { tmpHome } from '../../helpers/tmp-home.js';
import { waitFor } from '../../helpers/wait-for.js';
import { daemonPid, HAS_PM2, httpGet, isDead, jlist, pm2 } from './pm2-helpers.js';

const APP = resolve(import.meta.dirname, 'fixtures', 'sources-graceful-http.js');
const SLOW = { timeoutMs: 60_000, intervalMs: 200 };

if (!HAS_PM2) {
  test.skip('pm2 source tests need the pm2 devDependency (node_modules/pm2 is missing: run npm install)', () => {});
}

describe.skipIf(!HAS_PM2)('pm2 source, attached to a real PM2 daemon', () => {
  const home = tmpHome('clmon-pm2-');
  const seenPids = new Set<number>();
  const events: SupervisorEvent[] = [];
  let port = 0;
  let daemon: number | null = null;
  let source: Source;

  const webPids = async (): Promise<Map<number, number>> => {
    const list = (await jlist(home.dir)).filter((p) => p.name === 'web');
    for (const p of list) if (p.pid) seenPids.add(p.pid);
    return new Map(list.map((p) => [p.pm2_env.NODE_APP_INSTANCE ?? -1, p.pid]));
  };
  const logLines = (): LogLine[] => events.flatMap((e) => (e.type === 'logs' ? e.lines : []));

  beforeAll(async () => {
    port = await freePort();
    await pm2(home.dir, ['start', APP, '-i', '2', '--name', 'web'], { PORT: String(port) });
    daemon = daemonPid(home.dir);
    await waitFor(async () => [...(await webPids()).values()].filter((pid) => pid > 0).length === 2, { ...SLOW, what: 'two PM2 workers online' });
    source = await createPm2Source({ pm2Home: home.dir });
    source.subscribe((event) => events.push(event));
  }, 120_000);

  afterAll(async () => {
    await source?.close();
    if (daemon && !isDead(daemon)) await pm2(home.dir, ['kill']).catch(() => undefined);
    killAll([daemon, ...seenPids]);
    home.remove();
  }, 120_000);

  it('lists both workers with their pids, cpu, memory and restarts', async () => {
    expect(source.kind).toBe('pm2');
    expect(source.label).toBe(`pm2 ${home.dir}`);
    const pids = await webPids();
    const app = await waitFor(
      async () => {
        const snap = await source.snapshot(true);
        const web = snap.apps.find((a) => a.name === 'web');
        return web?.workers.every((w) => w.memory > 0) ? web : null;
      },
      { ...SLOW, what: 'memory samples from PM2' },
    );
    expect(app).toMatchObject({ name: 'web', mode: 'cluster', instances: 2, source: 'pm2' });
    expect(app.workers.map((w) => w.id)).toEqual([0, 1]);
    // the detail view's config and env, as PM2 resolved them
    expect(app.config).toMatchObject({ script: APP, interpreter: 'node', settings: { exec_mode: 'cluster', instances: 2 } });
    expect(app.config?.env.PORT).toBe(String(port));
    for (const worker of app.workers) {
      expect(worker.pid).toBe(pids.get(worker.id));
      expect(worker).toMatchObject({ status: 'online', restarts: 0, lastExit: null });
      expect(worker.cpu).toBeGreaterThanOrEqual(0);
      expect(worker.uptimeMs).toBeGreaterThan(0);
    }
  });

  it('delivers a request log line from the app as one whole line of its slot', async () => {
    const body = await httpGet(port, '/hello-clmon');
    const line = await waitFor(() => logLines().find((l) => l.text.includes('/hello-clmon')), { ...SLOW, what: 'the request line' });
    expect(line).toMatchObject({ app: 'web', id: body.slot, stream: 'out', text: `request GET /hello-clmon slot=${body.slot} pid=${body.pid}` });
  });

  it('joins a line that PM2 delivers in two chunks', async () => {
    const body = await httpGet(port, '/split/xy42');
    const line = await waitFor(() => logLines().find((l) => l.text.includes('xy42')), { ...SLOW, what: 'the split line' });
    expect(line.text).toBe(`split xy42 first-half second-half slot=${body.slot}`);
    expect(logLines().filter((l) => l.text.includes('xy42'))).toHaveLength(1);
    expect((await source.logs({ lines: 50 })).some((l) => l.text === line.text)).toBe(true);
  });

  it('restart(web:0) restarts that process in PM2 and records the exit', async () => {
    const before = await jlist(home.dir);
    const slot0 = before.find((p) => p.name === 'web' && p.pm2_env.NODE_APP_INSTANCE === 0)!;
    await source.restart('web:0');
    const after = await waitFor(
      async () => {
        const p = (await jlist(home.dir)).find((q) => q.pm_id === slot0.pm_id);
        return p && p.pm2_env.status === 'online' && p.pid > 0 ? p : null;
      },
      { ...SLOW, what: 'web:0 online again' },
    );
    seenPids.add(after.pid);
    expect(after.pm2_env.restart_time).toBe(slot0.pm2_env.restart_time + 1);
    expect(after.pid).not.toBe(slot0.pid);
    const worker = await waitFor(async () => (await source.snapshot(true)).apps[0]!.workers.find((w) => w.id === 0 && w.lastExit), {
      ...SLOW,
      what: 'the exit record',
    });
    expect(worker.restarts).toBe(after.pm2_env.restart_time);
    // The fixture has no SIGINT handler: PM2's stop signal kills it.
    expect(worker.lastExit).toMatchObject({ cause: 'manual', code: null, signal: 'SIGINT' });
    expect(worker.exits![0]!.uptimeMs).toBeGreaterThan(0);
  });

  it('shows a worker killed from outside as a crash with its signal, restarted by PM2', async () => {
    const victim = (await webPids()).get(1)!;
    process.kill(victim, 'SIGKILL');
    const worker = await waitFor(
      async () => {
        const w = (await source.snapshot(true)).apps[0]!.workers.find((x) => x.id === 1);
        return w && w.status === 'online' && w.pid !== victim && w.lastExit ? w : null;
      },
      { ...SLOW, what: 'web:1 replaced by PM2' },
    );
    expect(worker.lastExit).toMatchObject({ cause: 'crash', signal: 'SIGKILL', code: null });
    expect(worker.exits![0]!.killed).toBe(false);
    expect(worker.restarts).toBe(1);
    await webPids();
  });

  it('reload(web) replaces every pid, one slot after another', async () => {
    const before = await webPids();
    const progress: ReloadProgress[] = [];
    const result = await source.reload('web', (p) => progress.push(p));
    expect(result).toEqual({ ok: true, replaced: [0, 1] });
    const after = await webPids();
    for (const id of [0, 1]) {
      expect(after.get(id)).toBeGreaterThan(0);
      expect(after.get(id)).not.toBe(before.get(id));
    }
    const workers = await waitFor(
      async () => {
        const list = (await source.snapshot(true)).apps[0]!.workers;
        return list.every((w) => w.lastExit?.cause === 'reload') ? list : null;
      },
      { ...SLOW, what: 'reload exits recorded' },
    );
    expect(workers.map((w) => w.pid)).toEqual([after.get(0), after.get(1)]);
    expect(progress.filter((p) => p.phase === 'done').map((p) => [p.id, p.pid])).toEqual([
      [0, after.get(0)],
      [1, after.get(1)],
    ]);
    // the old workers' last words: PM2 sends them as "_old_<pm_id>" while they shut down
    for (const id of [0, 1]) {
      const text = `shutting down (SIGINT) slot=${id} pid=${before.get(id)}`;
      const line = await waitFor(() => logLines().find((l) => l.text === text), { ...SLOW, what: `"${text}" in the pane` });
      expect(line).toMatchObject({ app: 'web', id, stream: 'out' });
    }
  });

  it('scale(web, 3) runs 3 processes, and -1 removes the highest slot', async () => {
    expect(await source.scale('web', '3')).toBe(3);
    await waitFor(async () => (await jlist(home.dir)).filter((p) => p.name === 'web').length === 3, { ...SLOW, what: '3 processes in pm2 jlist' });
    const three = await waitFor(
      async () => {
        const app = (await source.snapshot(true)).apps.find((a) => a.name === 'web');
        return app?.workers.length === 3 && app.workers.every((w) => w.status === 'online') ? app : null;
      },
      { ...SLOW, what: '3 online workers in the snapshot' },
    );
    expect(three.workers.map((w) => w.id)).toEqual([0, 1, 2]);
    await webPids();
    expect(await source.scale('web', '-1')).toBe(2);
    const slots = [...(await webPids()).keys()].sort();
    expect(slots).toEqual([0, 1]);
  });

  it('rejects what it cannot do with a UserError that says why', async () => {
    await expect(source.restart('nope')).rejects.toThrow(/unknown app "nope".*web/);
    await expect(source.scale('web', 'lots')).rejects.toBeInstanceOf(UserError);
    await expect(source.scale('web', '0')).rejects.toThrow(/pm2 delete web/);
    await expect(source.kill('web:0')).rejects.toThrow(/only for --pid/);
    expect(typeof source.capabilities.kill).toBe('string');
  });

  it('close() leaves no socket or timer behind, so the process can exit', async () => {
    const before = handles();
    const second = await createPm2Source({ pm2Home: home.dir });
    expect(handles().PipeWrap).toBeGreaterThan(before.PipeWrap);
    await second.close();
    await waitFor(
      () => {
        const after = handles();
        return after.PipeWrap <= before.PipeWrap && after.Timeout <= before.Timeout;
      },
      { timeoutMs: 20_000, what: `handles back to ${JSON.stringify(before)}, now ${JSON.stringify(handles())}` },
    );
  });

  it('notices when `pm2 kill` stops the daemon, whose pid is then dead', async () => {
    await webPids();
    expect(daemon).toBeGreaterThan(0);
    await pm2(home.dir, ['kill']);
    await waitFor(() => isDead(daemon!), { ...SLOW, what: `PM2 daemon pid ${daemon} to exit` });
    await waitFor(() => events.some((e) => e.type === 'notice' && e.level === 'error' && e.message.includes('lost the PM2 daemon')), {
      ...SLOW,
      what: 'the lost-daemon notice',
    });
    expect((await source.snapshot(true)).apps).toEqual([]);
    for (const pid of seenPids) await waitFor(() => isDead(pid), { ...SLOW, what: `app pid ${pid} to exit` });
  });

  it('reconnects when a daemon runs again in that home', async () => {
    await pm2(home.dir, ['start', APP, '--name', 'again'], { PORT: String(await freePort()) });
    daemon = daemonPid(home.dir);
    const app = await waitFor(async () => (await source.snapshot(true)).apps.find((a) => a.name === 'again'), { ...SLOW, what: "the new daemon's app" });
    expect(app.workers).toHaveLength(1);
    if (app.workers[0]!.pid) seenPids.add(app.workers[0]!.pid);
    expect(events.some((e) => e.type === 'notice' && e.message.startsWith('reconnected'))).toBe(true);
  });
});

/** Open unix sockets and timers of this process. */
function handles(): { PipeWrap: number; Timeout: number } {
  const list = process.getActiveResourcesInfo();
  return { PipeWrap: list.filter((r) => r === 'PipeWrap').length, Timeout: list.filter((r) => r === 'Timeout').length };
}

describe('pm2 source without a daemon', () => {
  it('rejects with a RuntimeError naming the home and socket, and starts no daemon', async () => {
    const home = tmpHome('clmon-pm2-none-');
    try {
      const err = await createPm2Source({ pm2Home: home.dir }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(RuntimeError);
      expect((err as RuntimeError).exitCode).toBe(1);
      expect((err as Error).message).toContain(home.dir);
      expect((err as Error).message).toContain(join(home.dir, 'rpc.sock'));
      expect((err as Error).message).toContain('pm2 start app.js -i 2');
      expect(existsSync(join(home.dir, 'pm2.pid'))).toBe(false);
      expect(existsSync(join(home.dir, 'rpc.sock'))).toBe(false);
    } finally {
      home.remove();
    }
  });

  it('treats a stale rpc.sock left by a dead daemon as no daemon', async () => {
    const home = tmpHome('clmon-pm2-stale-');
    const sock = join(home.dir, 'rpc.sock');
    try {
      // A process that binds the socket and dies by SIGKILL leaves the file behind, as a crashed daemon does.
      try {
        execFileSync(process.execPath, ['-e', `require('net').createServer().listen(${JSON.stringify(sock)}, () => process.kill(process.pid, 'SIGKILL'))`]);
      } catch {
        // killed, as intended
      }
      expect(existsSync(sock)).toBe(true);
      await expect(createPm2Source({ pm2Home: home.dir })).rejects.toThrow(/no PM2 daemon answers.*ECONNREFUSED.*pm2 start app\.js -i 2/);
      expect(existsSync(join(home.dir, 'pm2.pid'))).toBe(false);
    } finally {
      home.remove();
    }
  });
});
