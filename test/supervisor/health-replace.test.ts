// Health replacement with real workers (docs/supervision.md#memory-and-health): a worker whose event loop stays over
// max_event_loop_delay is replaced without downtime (cluster) or restarted (fork), cause
// `unhealthy` with the limit and the value; after max_restarts replacements it is errored.
import { afterEach, describe, expect, it } from 'vitest';
import { appSpec, fixture } from '../helpers/app-spec.js';
import { freePort, get, keepAliveLoad } from '../helpers/net.js';
import { waitFor } from '../helpers/wait-for.js';
import { harness, type Harness } from './harness.js';

let h: Harness;
afterEach(async () => h?.close());

const REASON = /^event-loop delay p99 \d+ ms > max_event_loop_delay 100 ms for 2 samples$/;

describe('health replacement', () => {
  it('cluster: the blocked worker is replaced, then errored after max_restarts; the healthy one serves throughout, no request lost', async () => {
    h = harness();
    const port = await freePort();
    await h.start(
      appSpec({
        name: 'web',
        script: fixture('metrics-blocker.cjs'),
        instances: 2,
        execMode: 'cluster',
        env: { PATH: process.env.PATH!, PORT: String(port), BLOCK_SLOT: '0' },
        maxEventLoopDelay: 100,
        unhealthyChecks: 2,
        maxRestarts: 1,
      }),
    );
    await h.waitWorker('web', 1, (w) => w.status === 'online', 'online');
    const first = await h.waitWorker('web', 0, (w) => w.status === 'online', 'online');
    // 'online' can come before 'listening' on a loaded machine (shown online after 1 s anyway):
    // load only once the port answers
    await waitFor(
      () =>
        get(port).then(
          () => true,
          () => false,
        ),
      { what: 'the port answering' },
    );
    const load = keepAliveLoad(port, 4);
    const replaced = await h.waitWorker('web', 0, (w) => w.restarts === 1 && w.pid !== first.pid && w.lastExit !== null, 'replaced once', 30_000);
    expect(replaced.lastExit).toMatchObject({ cause: 'unhealthy' });
    expect(replaced.lastExit!.reason).toMatch(REASON);
    const errored = await h.waitWorker('web', 0, (w) => w.status === 'errored', 'errored', 30_000);
    const result = await load.stop();
    expect(errored.restarts).toBe(1);
    expect(errored.reason).toMatch(
      /^event-loop delay p99 \d+ ms > max_event_loop_delay 100 ms for 2 samples; replaced 1 time for health without a healthy minute \(max_restarts 1\)$/,
    );
    expect(errored.pid).toBeNull();
    expect(errored.exits!.slice(0, 2).map((e) => e.cause)).toEqual(['unhealthy', 'unhealthy']);
    expect(errored.exits![0]!.reason).toBe(errored.reason);
    expect(errored.exits![1]!.reason).toMatch(REASON);
    expect(result.failed, result.errors.join('\n')).toBe(0);
    expect(result.ok).toBeGreaterThan(0);
    const healthy = await h.worker('web', 1);
    expect(healthy).toMatchObject({ status: 'online', restarts: 0 });
  });

  it('fork: the blocked worker is restarted with cause unhealthy; a healthy one is left alone', async () => {
    h = harness();
    const [port, calm] = [await freePort(), await freePort()];
    const limits = { maxEventLoopDelay: 100, unhealthyChecks: 2 };
    await h.start(
      appSpec({ name: 'slow', script: fixture('metrics-blocker.cjs'), env: { PATH: process.env.PATH!, PORT: String(port) }, ...limits }),
      appSpec({ name: 'calm', script: fixture('metrics-blocker.cjs'), env: { PATH: process.env.PATH!, PORT: String(calm), BLOCK_MS: '0' }, ...limits }),
    );
    const w = await h.waitWorker('slow', 0, (x) => x.restarts >= 1 && x.lastExit !== null, 'restarted', 30_000);
    expect(w.lastExit).toMatchObject({ cause: 'unhealthy' });
    expect(w.lastExit!.reason).toMatch(REASON);
    const c = await h.worker('calm', 0);
    expect(c).toMatchObject({ status: 'online', restarts: 0, lastExit: null });
    expect(c.runtime).not.toBeNull();
  });
});
