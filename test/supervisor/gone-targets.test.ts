// Queued actions never act on a target that is gone (an app deleted, a slot scaled away) and a
// slot never runs two processes: with real, slow-stopping workers, counted by the env token.
import { afterEach, describe, expect, it } from 'vitest';
import { appSpec, fixture } from '../helpers/app-spec.js';
import { carrying, killCarrying } from '../helpers/token-scan.js';
import { sleep, waitFor } from '../helpers/wait-for.js';
import { harness, type Harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  const token = h?.sup.token;
  await h?.close();
  h = undefined;
  killCarrying(token);
});

/** Four workers that ignore SIGINT, so each stop takes the whole kill_timeout. */
async function slowStoppers(): Promise<Harness> {
  h = harness();
  await h.start(appSpec({ name: 'slow', script: fixture('sup-stubborn.cjs'), instances: 4, killTimeout: 1500 }));
  await waitFor(async () => (await h!.workers('slow')).every((w) => w.status === 'online'), { what: '4 online' });
  return h;
}

/** Worker processes of the app (its own children excluded: they carry the token too). */
async function workerCount(x: Harness): Promise<number> {
  const pids = new Set((await x.workers('slow')).map((w) => w.pid));
  return carrying(x.sup.token).filter((pid) => pids.has(pid)).length;
}

describe('queued actions on a target that is gone', () => {
  it('scale to 1, then restart: the restart acts on the one slot left, not on the scaled-away ones', async () => {
    const x = await slowStoppers();
    const scaled = x.sup.scale('slow', '1');
    await sleep(100);
    await x.sup.restart('slow');
    await scaled;
    expect((await x.workers('slow')).map((w) => w.id)).toEqual([0]);
    await x.waitWorker('slow', 0, (w) => w.status === 'online', 'online');
    await sleep(500);
    expect(await workerCount(x)).toBe(1);
  });

  it('delete, then restart: the app stays deleted and none of its processes runs', async () => {
    const x = await slowStoppers();
    const token = x.sup.token;
    const deleted = x.sup.delete('slow');
    await sleep(100);
    await expect(x.sup.restart('slow')).rejects.toThrow(/deleted/);
    await deleted;
    expect((await x.sup.snapshot()).apps).toEqual([]);
    await sleep(1000);
    expect(carrying(token)).toEqual([]);
  });
});

describe('a reload whose old worker crashes while the replacement is awaited', () => {
  it('the slot ends with one process: the crash restart timer does not launch a third', async () => {
    h = harness();
    await h.start(
      appSpec({
        name: 'late',
        script: fixture('sup-ready-late.cjs'),
        execMode: 'cluster',
        waitReady: true,
        listenTimeout: 10_000,
        restartDelay: 2500,
        env: { PATH: process.env.PATH!, READY_AFTER_MS: '1000' },
      }),
    );
    const old = await h.waitWorker('late', 0, (w) => w.status === 'online', 'online', 30_000);
    const reload = h.sup.reload('late');
    await sleep(200);
    process.kill(old.pid!, 'SIGKILL'); // crashes while its replacement is not ready yet
    expect((await reload).ok).toBe(true);
    await sleep(3500); // past the crash's restart delay
    const now = await h.worker('late', 0);
    expect(now.status).toBe('online');
    expect(carrying(h.sup.token)).toEqual([now.pid]);
  });
});
