// Graceful stop (docs/supervision.md#stopping): escalation to SIGKILL at kill_timeout, whole process trees, no orphans.
import { afterEach, describe, expect, it } from 'vitest';
import { appSpec, fixture } from '../helpers/app-spec.js';
import { isAlive } from '../helpers/processes.js';
import { waitFor } from '../helpers/wait-for.js';
import { harness, type Harness } from './harness.js';

let h: Harness;
const grandchildren: number[] = [];
afterEach(async () => {
  await h?.close();
  for (const pid of grandchildren) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
});

async function childPid(app: string): Promise<number> {
  const lines = await waitFor(
    async () => {
      const found = (await h.sup.logs({ target: app, lines: 50 })).filter((l) => l.text.startsWith('child '));
      return found.length ? found : null;
    },
    { what: 'the child pid line' },
  );
  return Number(lines[0]!.text.split(' ')[1]);
}

describe.each(['cluster', 'fork'] as const)('stopping a worker that ignores SIGINT (%s mode)', (execMode) => {
  it('SIGKILLs it and its child at kill_timeout; nothing is left', async () => {
    h = harness();
    await h.start(appSpec({ name: 'stubborn', script: fixture('sup-stubborn.cjs'), execMode, killTimeout: 800 }));
    const w = await h.waitWorker('stubborn', 0, (x) => x.status === 'online', 'online');
    const child = await childPid('stubborn');
    grandchildren.push(child);
    expect(isAlive(child)).toBe(true);
    await h.sup.stop('stubborn');
    const after = await h.worker('stubborn', 0);
    expect(after.status).toBe('stopped');
    expect(after.exits![0]).toMatchObject({ cause: 'manual', killed: true, signal: 'SIGKILL' });
    expect(isAlive(w.pid!)).toBe(false);
    await waitFor(() => !isAlive(child), { what: `grandchild ${child} gone`, timeoutMs: 5000 });
  });
});

describe('stop and start', () => {
  it('a stopped app stays listed as stopped and restart starts it again', async () => {
    h = harness();
    await h.start(
      appSpec({ name: 'graceful', script: fixture('sup-http-graceful.cjs'), instances: 2, execMode: 'cluster', env: { PATH: process.env.PATH!, PORT: '0' } }),
    );
    await waitFor(async () => (await h.workers('graceful')).every((x) => x.status === 'online'), { what: 'online' });
    const pids = (await h.workers('graceful')).map((x) => x.pid!);
    await h.sup.stop('graceful');
    const stopped = await h.workers('graceful');
    expect(stopped.map((x) => x.status)).toEqual(['stopped', 'stopped']);
    // A graceful worker exits by itself well before kill_timeout.
    expect(stopped.every((x) => x.exits![0]!.killed === false && x.exits![0]!.code === 0)).toBe(true);
    expect(pids.some(isAlive)).toBe(false);
    await h.sup.restart('graceful:1');
    await h.waitWorker('graceful', 1, (x) => x.status === 'online', 'online again');
    expect((await h.worker('graceful', 0)).status).toBe('stopped');
  });

  it('scale up fills the lowest free slots; scale down stops the highest and removes them', async () => {
    h = harness();
    await h.start(
      appSpec({ name: 'web', script: fixture('sup-http-plain.cjs'), instances: 2, execMode: 'cluster', env: { PATH: process.env.PATH!, PORT: '0' } }),
    );
    expect(await h.sup.scale('web', '+2')).toBe(4);
    expect((await h.workers('web')).map((w) => w.id)).toEqual([0, 1, 2, 3]);
    await waitFor(async () => (await h.workers('web')).every((x) => x.status === 'online'), { what: 'online' });
    const highest = (await h.worker('web', 3)).pid!;
    expect(await h.sup.scale('web', '-2')).toBe(2);
    expect((await h.workers('web')).map((w) => w.id)).toEqual([0, 1]);
    expect(isAlive(highest)).toBe(false);
    expect(await h.sup.scale('web', '3')).toBe(3);
    expect((await h.workers('web')).map((w) => w.id)).toEqual([0, 1, 2]);
  });
});

describe('max_memory_restart', () => {
  it('replaces a worker over the limit, with cause memory', async () => {
    h = harness();
    await h.start(appSpec({ name: 'leaky', script: fixture('sup-leak.cjs'), maxMemoryRestart: 120 * 1024 * 1024 }));
    const w = await h.waitWorker('leaky', 0, (x) => x.exits?.[0]?.cause === 'memory', 'replaced for memory', 30_000);
    expect(w.restarts).toBeGreaterThanOrEqual(1);
  });
});
