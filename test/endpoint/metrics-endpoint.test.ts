// The --metrics endpoint over a real supervisor and real workers (docs/supervision.md#metrics-endpoint): promtool accepts
// its output, it has the documented names, /readyz names the apps that are not ready, and
// nothing else is served.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { serveMetrics, type MetricsServer } from '../../src/endpoint/metrics-server.js';
import { appSpec, fixture } from '../helpers/app-spec.js';
import { freePort, keepAliveLoad } from '../helpers/net.js';
import { waitFor } from '../helpers/wait-for.js';
import { harness, type Harness } from '../supervisor/harness.js';

let h: Harness | undefined;
let endpoint: MetricsServer | undefined;
afterEach(async () => {
  await endpoint?.close();
  await h?.close();
  endpoint = h = undefined;
});

const REQUIRED = [
  'clmon_worker_up',
  'clmon_worker_restarts_total',
  'clmon_worker_cpu_seconds_total',
  'clmon_worker_resident_memory_bytes',
  'clmon_worker_eventloop_delay_p99_seconds',
  'clmon_worker_heap_used_bytes',
  'clmon_worker_http_requests_total',
];

function promtool(text: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('promtool', ['check', 'metrics'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d));
    child.stderr.on('data', (d: Buffer) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
    child.stdin.end(text);
  });
}

describe('the metrics endpoint', () => {
  it('serves valid Prometheus text with every name of docs/supervision.md#metrics-endpoint, labelled by app and worker', async () => {
    h = harness();
    const [port, appPort] = [await freePort(), await freePort()];
    await h.start(
      appSpec({
        name: 'web',
        script: fixture('metrics-blocker.cjs'),
        instances: 2,
        execMode: 'cluster',
        env: { PATH: process.env.PATH!, PORT: String(appPort), BLOCK_MS: '0' },
      }),
    );
    endpoint = await serveMetrics(h.sup, { host: '127.0.0.1', port });
    await h.waitWorker('web', 1, (w) => w.runtime != null, 'sampled');
    await h.waitWorker('web', 0, (w) => w.runtime != null, 'sampled');
    const load = keepAliveLoad(appPort, 2);
    await waitFor(
      async () => {
        const ws = await h!.workers('web');
        return ws.every((w) => (w.counters?.httpRequests ?? 0) > 0);
      },
      { what: 'requests counted on both workers' },
    );
    const { ok } = await load.stop();

    const res = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await res.text();
    const check = await promtool(text);
    expect(check.output).toBe('');
    expect(check.code).toBe(0);
    for (const name of REQUIRED) {
      for (const worker of ['0', '1']) expect(text, name).toMatch(new RegExp(`^${name}\\{app="web",worker="${worker}"\\} [0-9.e+-]+$`, 'm'));
    }
    // the counter holds every answered request (those of the last second may still be on their way)
    await waitFor(
      async () => {
        const body = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
        const total = [...body.matchAll(/^clmon_worker_http_requests_total\{[^}]*\} (\d+)$/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
        return total >= ok;
      },
      { what: `clmon_worker_http_requests_total to reach ${ok}`, timeoutMs: 5_000 },
    );
  });

  it('/healthz, /readyz (503 naming the app that is not ready), 404 for anything else', async () => {
    h = harness();
    const port = await freePort();
    endpoint = await serveMetrics(h.sup, { host: '127.0.0.1', port });
    const url = (path: string) => `http://127.0.0.1:${port}${path}`;
    expect((await fetch(url('/readyz'))).status).toBe(200); // nothing to run: ready
    await h.start(appSpec({ name: 'calm', script: fixture('sup-idle.cjs') }), appSpec({ name: 'crashy', script: fixture('sup-exit3.cjs'), maxRestarts: 0 }));
    await h.waitWorker('crashy', 0, (w) => w.status === 'errored', 'errored');
    await h.waitWorker('calm', 0, (w) => w.status === 'online', 'online');
    expect(await (await fetch(url('/healthz'))).json()).toEqual({ status: 'ok' });
    const ready = await fetch(url('/readyz'));
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ ready: false, notReady: [{ app: 'crashy', online: 0, workers: 1, statuses: ['errored'] }] });
    await h.sup.delete('crashy');
    await h.sup.stop('calm'); // stopped by the user: not waited for
    expect((await fetch(url('/readyz'))).status).toBe(200);
    for (const path of ['/', '/metrics/x', '/status', '/../etc/passwd']) expect((await fetch(url(path))).status, path).toBe(404);
    expect((await fetch(url('/metrics'), { method: 'POST' })).status).toBe(405);
  });

  it('a taken port is a user error naming it', async () => {
    const blocker = createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    try {
      await expect(serveMetrics({ snapshot: async () => ({ apps: [] }) }, { host: '127.0.0.1', port })).rejects.toMatchObject({
        message: `--metrics 127.0.0.1:${port}: port ${port} is already in use on 127.0.0.1; pick another port`,
        exitCode: 2,
      });
    } finally {
      blocker.close();
    }
  });
});
