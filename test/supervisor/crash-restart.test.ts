// Restart policy with real processes: SIGKILLed workers come back in their slot, crash loops
// end errored after exactly max_restarts restarts, with the backoff delays of docs/supervision.md#restart-policy.
import { afterEach, describe, expect, it } from 'vitest';
import { appSpec, fixture } from '../helpers/app-spec.js';
import { freePort, get } from '../helpers/net.js';
import { waitFor } from '../helpers/wait-for.js';
import { harness, type Harness } from './harness.js';

let h: Harness;
afterEach(async () => h?.close());

describe('crash and restart', () => {
  it('a SIGKILLed cluster worker is replaced in the same slot, counted and recorded', async () => {
    h = harness();
    const port = await freePort();
    await h.start(
      appSpec({
        name: 'web',
        script: fixture('sup-http-graceful.cjs'),
        instances: 2,
        execMode: 'cluster',
        env: { PATH: process.env.PATH!, PORT: String(port) },
      }),
    );
    const before = await h.waitWorker('web', 1, (w) => w.status === 'online' && w.pid !== null, 'online');
    await h.waitWorker('web', 0, (w) => w.status === 'online', 'online');
    // Both workers answer (round-robin).
    const pids = new Set<number>();
    await waitFor(
      async () => {
        pids.add((await get(port)).body.pid);
        return pids.size === 2;
      },
      { what: 'both workers answering' },
    );

    process.kill(before.pid!, 'SIGKILL');
    const after = await h.waitWorker('web', 1, (w) => w.status === 'online' && w.pid !== before.pid, 'replaced');
    expect(after.restarts).toBe(1);
    expect(after.lastExit).toMatchObject({ signal: 'SIGKILL', code: null, cause: 'crash' });
    expect((await h.worker('web', 0)).restarts).toBe(0);
  });

  it('exit code 3 at once, max_restarts 3: errored after exactly 3 restarts, with code and stderr of each exit', async () => {
    h = harness();
    await h.start(appSpec({ name: 'crashy', script: fixture('sup-exit3.cjs'), maxRestarts: 3, minUptime: 1000, expBackoffRestartDelay: 200 }));
    const w = await h.waitWorker('crashy', 0, (x) => x.status === 'errored', 'errored');
    expect(w.restarts).toBe(3);
    expect(w.reason).toMatch(/4 times in a row.*code 3/);
    expect(w.exits).toHaveLength(4);
    for (const exit of w.exits!) {
      expect(exit.code).toBe(3);
      expect(exit.cause).toBe('crash');
      expect(exit.stderrTail).toContain('giving up');
    }
    // Backoff: the gaps between exits are at least 200, 300 and 450 ms (d, 1.5d, 2.25d).
    const times = w.exits!.map((e) => Date.parse(e.at)).reverse();
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(gaps[0]).toBeGreaterThanOrEqual(200);
    expect(gaps[1]).toBeGreaterThanOrEqual(300);
    expect(gaps[2]).toBeGreaterThanOrEqual(450);
    // It stays errored: no process, no more restarts.
    expect(w.pid).toBeNull();
  });

  it('shows waiting with the time left while a restart is scheduled', async () => {
    h = harness();
    await h.start(appSpec({ name: 'slow', script: fixture('sup-exit3.cjs'), restartDelay: 5000 }));
    const w = await h.waitWorker('slow', 0, (x) => x.status === 'waiting', 'waiting');
    expect(w.restartInMs).toBeGreaterThan(0);
    expect(w.restartInMs).toBeLessThanOrEqual(5000);
    // A manual restart starts it again at once and clears the wait.
    await h.sup.restart('slow:0');
    const again = await h.worker('slow', 0);
    expect(['launching', 'online', 'waiting']).toContain(again.status);
    expect(again.restarts).toBeGreaterThanOrEqual(1);
  });
});
