// The worker helper's runtime metrics (docs/supervision.md#runtime-metrics) with real workers: a blocked event loop shows,
// an idle one stays low, requests are counted, and where there is no helper `runtime` is null.
import http from 'node:http';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { appSpec, fixture } from '../helpers/app-spec.js';
import { freePort } from '../helpers/net.js';
import { waitFor } from '../helpers/wait-for.js';
import { harness, type Harness } from './harness.js';
import type { RuntimeSample } from '../../src/model/types.js';

let h: Harness;
afterEach(async () => h?.close());

const env = (extra: Record<string, string> = {}) => ({ PATH: process.env.PATH!, ...extra });

describe('runtime metrics from inside the workers', () => {
  it('a loop blocked 150 ms every 300 ms shows p99 > 100 ms within 5 s of going online; an idle one stays low', async () => {
    h = harness();
    const [blockedPort, idlePort] = [await freePort(), await freePort()];
    await h.start(
      appSpec({ name: 'blocked', script: fixture('metrics-blocker.cjs'), instances: 2, execMode: 'cluster', env: env({ PORT: String(blockedPort) }) }),
      appSpec({ name: 'idle', script: fixture('metrics-blocker.cjs'), execMode: 'fork', env: env({ PORT: String(idlePort), BLOCK_MS: '0' }) }),
    );
    // the clock starts when the worker runs: its first sample (a loaded machine can take seconds
    // to start a node process, and 'online' may be shown before the script runs)
    await h.waitWorker('blocked', 0, (w) => w.runtime != null, 'a first sample', 20_000);
    const online = Date.now();
    const blocked = await h.waitWorker('blocked', 0, (w) => (w.runtime?.eventLoopDelayP99Ms ?? 0) > 100, 'p99 > 100 ms', 5_000);
    expect(Date.now() - online).toBeLessThan(5_000);
    expect(blocked.runtime!.eventLoopDelayMaxMs).toBeGreaterThan(100);
    expect(blocked.runtime!.eventLoopUtilization).toBeGreaterThan(0.3);
    // idle: three samples, judged by their median (one can catch the shared machine's own stalls)
    const seen = new Map<string, RuntimeSample>();
    const idle = await h.waitWorker(
      'idle',
      0,
      (w) => {
        if (w.runtime) seen.set(w.runtime.sampledAt, w.runtime);
        return seen.size >= 3;
      },
      'three runtime samples',
    );
    const median = (values: number[]) => values.sort((x, y) => x - y)[1]!;
    // below the 100 ms that the blocked one exceeds: a machine with a load of 30 on 2 cores
    // (measured while this was written) delays even an idle process's timers by tens of ms
    expect(median([...seen.values()].map((r) => r.eventLoopDelayP99Ms!))).toBeLessThan(100);
    expect(median([...seen.values()].map((r) => r.eventLoopUtilization!))).toBeLessThan(0.3);
    // every field of docs/supervision.md#runtime-metrics, in its unit
    const r = idle.runtime!;
    expect(Date.parse(r.sampledAt)).toBeGreaterThan(online - 10_000);
    expect(r.heapUsed).toBeGreaterThan(1_000_000);
    expect(r.heapTotal).toBeGreaterThanOrEqual(r.heapUsed!);
    expect(r.heapLimit).toBeGreaterThan(r.heapTotal!);
    expect(r.gcMsPerSec).toBeGreaterThanOrEqual(0);
    expect(r.handles).toBeGreaterThan(0);
    expect(r.httpRequestsPerSec).toBe(0); // a listening HTTP server: 0 req/s, not null
    expect(r.httpInFlight).toBe(0);
    expect(r.httpLatencyP50Ms).toBeNull(); // no request answered: no latency
  });

  it('counts every request of a known load, with latency and 5xx', async () => {
    h = harness();
    const port = await freePort();
    await h.start(appSpec({ name: 'web', script: fixture('metrics-blocker.cjs'), execMode: 'fork', env: env({ PORT: String(port), BLOCK_MS: '0' }) }));
    await h.waitWorker('web', 0, (w) => w.runtime != null, 'a first sample');
    // Collect every distinct sample (by time) while 150 requests are sent.
    const samples = new Map<string, RuntimeSample>();
    let collecting = true;
    const collector = (async () => {
      while (collecting) {
        const r = (await h.worker('web', 0)).runtime;
        if (r) samples.set(r.sampledAt, r);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    const first = (await h.worker('web', 0)).runtime!.sampledAt;
    const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
    // 150 requests, every fifth of them answered 503
    await Promise.all(Array.from({ length: 150 }, (_, i) => request(port, agent, i % 5 === 0 ? '/fail' : '/')));
    agent.destroy();
    // wait for two more samples, so the last requests' second has been reported
    await waitFor(() => [...samples.keys()].filter((at) => at > first).length >= 3, { what: 'three samples after the load', timeoutMs: 10_000 });
    collecting = false;
    await collector;
    const after = [...samples.values()].filter((s) => s.sampledAt > first);
    const counted = after.reduce((sum, s) => sum + s.httpRequestsPerSec!, 0);
    // rates are per second of a ~1 s interval: their sum is the count, within the timer's jitter
    expect(counted).toBeGreaterThan(150 * 0.85);
    expect(counted).toBeLessThan(150 * 1.15);
    expect(after.some((s) => s.httpLatencyP99Ms !== null && s.httpLatencyP99Ms > 0)).toBe(true);
    const failed = after.reduce((sum, s) => sum + s.http5xxPerSec!, 0);
    expect(failed).toBeGreaterThan(30 * 0.85);
    expect(failed).toBeLessThan(30 * 1.15);
    expect(after.at(-1)!.httpInFlight).toBe(0);
  });

  it('at high rates latency is timed on a sample, and every request is still counted', async () => {
    h = harness();
    const port = await freePort();
    // two timed requests a second: from the second busy second on, only one in N is timed
    const spec = appSpec({
      name: 'web',
      script: fixture('metrics-blocker.cjs'),
      execMode: 'fork',
      env: env({ PORT: String(port), BLOCK_MS: '0', CLMON_METRICS_LATENCY_SAMPLES: '2' }),
    });
    await h.start(spec);
    await h.waitWorker('web', 0, (w) => w.runtime != null, 'a first sample');
    const samples = new Map<string, RuntimeSample>();
    let collecting = true;
    const collector = (async () => {
      while (collecting) {
        const r = (await h.worker('web', 0)).runtime;
        if (r) samples.set(r.sampledAt, r);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    const first = (await h.worker('web', 0)).runtime!.sampledAt;
    const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
    // 900 requests over about three seconds
    for (let batch = 0; batch < 9; batch++) {
      await Promise.all(Array.from({ length: 100 }, () => request(port, agent)));
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    agent.destroy();
    await waitFor(() => [...samples.keys()].filter((at) => at > first).length >= 6, { what: 'six samples after the first', timeoutMs: 15_000 });
    collecting = false;
    await collector;
    const busy = [...samples.values()].filter((s) => s.sampledAt > first && s.httpRequestsPerSec! > 0);
    const counted = busy.reduce((sum, s) => sum + s.httpRequestsPerSec!, 0);
    expect(counted).toBeGreaterThan(900 * 0.85);
    expect(counted).toBeLessThan(900 * 1.15);
    // One in N is timed, N = the previous second's count / 2: a second with well over half the
    // previous one's requests must have a latency (the last, thin second of the load may not).
    const owed = busy.filter((s, i) => i > 0 && s.httpRequestsPerSec! >= busy[i - 1]!.httpRequestsPerSec! * 0.6 + 2);
    expect(owed.length).toBeGreaterThanOrEqual(1);
    for (const s of owed) expect(s.httpLatencyP99Ms, s.sampledAt).toBeGreaterThan(0);
  });

  it('in flight: unanswered requests count until their client gives up, then drop out uncounted; pipelined requests all count', async () => {
    h = harness();
    const port = await freePort();
    await h.start(appSpec({ name: 'web', script: fixture('metrics-blocker.cjs'), execMode: 'fork', env: env({ PORT: String(port), BLOCK_MS: '0' }) }));
    await h.waitWorker('web', 0, (w) => w.runtime != null, 'a first sample');
    const hanging = Array.from({ length: 3 }, () => http.get({ host: '127.0.0.1', port, path: '/hang', agent: false }).on('error', () => {}));
    await h.waitWorker('web', 0, (w) => w.runtime?.httpInFlight === 3, 'three requests in flight', 10_000);
    for (const req of hanging) req.destroy();
    const settled = await h.waitWorker('web', 0, (w) => w.runtime?.httpInFlight === 0, 'nothing in flight after the clients gave up', 10_000);
    expect(settled.runtime!.httpRequestsPerSec).toBe(0); // aborted: not answers
    // two requests in one write on one connection: both are answered and counted
    const seen = new Map<string, RuntimeSample>([[settled.runtime!.sampledAt, settled.runtime!]]);
    const answers = await pipelined(port, 2);
    expect(answers).toBe(2);
    await waitFor(
      async () => {
        const r = (await h.worker('web', 0)).runtime;
        if (r) seen.set(r.sampledAt, r);
        return [...seen.values()].reduce((sum, s) => sum + s.httpRequestsPerSec!, 0) >= 2 * 0.85;
      },
      { what: 'the two pipelined requests counted', timeoutMs: 10_000 },
    );
    expect((await h.waitWorker('web', 0, (w) => w.runtime?.httpInFlight === 0, 'nothing in flight')).runtime!.httpInFlight).toBe(0);
  });

  it('GC time: a worker that allocates all the time shows it, an idle one next to it little', async () => {
    h = harness();
    const [churnPort, calmPort] = [await freePort(), await freePort()];
    await h.start(
      appSpec({ name: 'churn', script: fixture('metrics-blocker.cjs'), execMode: 'fork', env: env({ PORT: String(churnPort), BLOCK_MS: '0', CHURN: '1' }) }),
      appSpec({ name: 'calm', script: fixture('metrics-blocker.cjs'), execMode: 'fork', env: env({ PORT: String(calmPort), BLOCK_MS: '0' }) }),
    );
    const churn = await h.waitWorker('churn', 0, (w) => (w.runtime?.gcMsPerSec ?? 0) > 0, 'GC time above 0', 15_000);
    expect(churn.runtime!.gcMsPerSec).toBeGreaterThan(0);
    const calm = await h.waitWorker('calm', 0, (w) => w.runtime != null, 'a sample');
    expect(calm.runtime!.gcMsPerSec).toBeLessThan(churn.runtime!.gcMsPerSec!);
  });

  it('fork mode: an app that ends on its own still ends; its own IPC (wait_ready, shutdown) still works', async () => {
    h = harness();
    await h.start(
      appSpec({ name: 'once', script: fixture('metrics-exits.cjs'), autorestart: false }),
      appSpec({ name: 'talker', script: fixture('metrics-own-ipc.cjs'), waitReady: true, shutdownWithMessage: true }),
    );
    const once = await h.waitWorker('once', 0, (w) => w.status === 'stopped' && w.lastExit !== null, 'ended on its own', 10_000);
    expect(once.lastExit).toMatchObject({ code: 0, cause: 'crash' });
    expect(once.lastExit!.uptimeMs).toBeLessThan(3_000);
    const talker = await h.waitWorker('talker', 0, (w) => w.status === 'online' && w.runtime != null, 'ready and sampled');
    expect(talker.runtime!.httpRequestsPerSec).toBeNull(); // no HTTP server: null, not 0
    await h.sup.stop('talker');
    const stopped = await h.worker('talker', 0);
    expect(stopped.lastExit).toMatchObject({ code: 0, cause: 'manual' });
    expect(stopped.lastExit!.signal).toBeNull();
  });

  it('runtime is null with metrics: false (and drain: false), with --interpreter none, and for a stopped worker', async () => {
    h = harness();
    await h.start(
      appSpec({ name: 'off', script: fixture('sup-idle.cjs'), metrics: false, drain: false, execMode: 'cluster' }),
      appSpec({ name: 'drain-only', script: fixture('sup-idle.cjs'), metrics: false, execMode: 'cluster' }),
      appSpec({ name: 'bare', script: '/bin/sleep', args: ['30'], interpreter: 'none' }),
      appSpec({ name: 'on', script: fixture('sup-idle.cjs') }),
    );
    await h.waitWorker('on', 0, (w) => w.runtime != null, 'sampled');
    // by now the others had the same time to report; none has anything to report
    for (const app of ['off', 'drain-only', 'bare']) {
      const w = await h.waitWorker(app, 0, (x) => x.status === 'online', 'online');
      expect(w.runtime ?? null, app).toBeNull();
    }
    await h.sup.stop('on');
    expect((await h.worker('on', 0)).runtime).toBeNull();
  });
});

function request(port: number, agent: http.Agent, path = '/'): Promise<void> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path, agent }, (res) => {
        res.resume();
        res.on('end', resolve);
      })
      .on('error', reject);
  });
}

/** Send `count` GET requests in one write on one connection; resolves with the number of responses read. */
function pipelined(port: number, count: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      received += chunk;
      const answers = received.split('HTTP/1.1 200').length - 1;
      if (answers >= count) {
        socket.end();
        resolve(answers);
      }
    });
    socket.on('error', reject);
    socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n'.repeat(count - 1) + 'GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  });
}
