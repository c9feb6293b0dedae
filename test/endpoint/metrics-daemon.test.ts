// End to end with the built binary (docs/supervision.md#metrics-endpoint): `clmon start --metrics` starts the daemon with
// its endpoint, a real Prometheus server scrapes it and returns clmon_worker_up for every
// worker; `describe --json` carries the runtime of docs/supervision.md#runtime-metrics; bad settings are exit 2, named.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, freePort, Harness, isAlive, waitFor, type LsJson } from '../daemon/daemon-harness.js';

const h = new Harness();
let metricsPort = 0;
let appPort = 0;
let prometheus: ChildProcess | undefined;
const promDir = mkdtempSync(join(tmpdir(), 'clmon-prom-'));

beforeAll(async () => {
  metricsPort = await freePort();
  appPort = await freePort();
});
afterAll(async () => {
  if (prometheus?.pid && isAlive(prometheus.pid)) {
    process.kill(prometheus.pid, 'SIGTERM');
    await waitFor(() => !isAlive(prometheus!.pid!), 10_000).catch(() => process.kill(prometheus!.pid!, 'SIGKILL'));
  }
  rmSync(promDir, { recursive: true, force: true });
  await h.cleanup();
});

describe('clmon start --metrics', () => {
  it('starts the daemon with its endpoint; the daemon log says where', async () => {
    const result = await h.clmon(['start', fixture('metrics-blocker.cjs'), '-i', '2', '--name', 'web', '--metrics', String(metricsPort)], {
      env: { PORT: String(appPort) },
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const other = await freePort();
    const fork = await h.clmon(['start', fixture('metrics-blocker.cjs'), '--name', 'solo', '--metrics', `127.0.0.1:${metricsPort}`], {
      env: { PORT: String(other), BLOCK_MS: '0' },
    });
    expect(fork.stderr).toBe('');
    expect(fork.code).toBe(0);
    expect((await fetch(`http://127.0.0.1:${metricsPort}/healthz`)).status).toBe(200);
    expect(readFileSync(join(h.home, 'daemon.log'), 'utf8')).toContain(`metrics on http://127.0.0.1:${metricsPort}/metrics`);
  });

  it('describe --json shows p99 > 100 ms for the blocked workers within 5 s, low for the idle one', async () => {
    const started = Date.now();
    let web: LsJson['apps'][number] | undefined;
    await waitFor(
      async () => {
        const out = await h.clmon(['describe', 'web', '--json']);
        web = (JSON.parse(out.stdout) as LsJson).apps[0];
        return web!.workers.every((w) => (w.runtime?.eventLoopDelayP99Ms ?? 0) > 100);
      },
      10_000,
      'p99 > 100 ms on both workers',
    );
    expect(Date.now() - started).toBeLessThan(5_000 + 2_000); // a describe costs a node start, counted generously
    expect(Object.keys(web!.workers[0]!.runtime!)).toEqual([
      'sampledAt',
      'eventLoopDelayP50Ms',
      'eventLoopDelayP99Ms',
      'eventLoopDelayMaxMs',
      'eventLoopUtilization',
      'heapUsed',
      'heapTotal',
      'heapLimit',
      'gcMsPerSec',
      'handles',
      'httpRequestsPerSec',
      'httpInFlight',
      'httpLatencyP50Ms',
      'httpLatencyP99Ms',
      'http5xxPerSec',
    ]);
    // the idle one: three samples, judged by their median (one can catch the loaded machine's stalls)
    const seen = new Map<string, number>();
    await waitFor(
      async () => {
        const runtime = (JSON.parse((await h.clmon(['describe', 'solo', '--json'])).stdout) as LsJson).apps[0]!.workers[0]!.runtime;
        if (runtime) seen.set(runtime.sampledAt, runtime.eventLoopDelayP99Ms!);
        return seen.size >= 3;
      },
      15_000,
      'three samples of solo',
    );
    expect([...seen.values()].sort((x, y) => x - y)[1]).toBeLessThan(100);
  });

  it('a real Prometheus scrapes it and returns clmon_worker_up for every worker', async () => {
    const promPort = await freePort();
    const config = join(promDir, 'prometheus.yml');
    writeFileSync(
      config,
      [
        'global:',
        '  scrape_interval: 1s',
        '  evaluation_interval: 1s',
        'scrape_configs:',
        '  - job_name: clmon',
        '    static_configs:',
        `      - targets: ['127.0.0.1:${metricsPort}']`,
        '',
      ].join('\n'),
    );
    prometheus = spawn(
      'prometheus',
      [`--config.file=${config}`, `--storage.tsdb.path=${join(promDir, 'data')}`, `--web.listen-address=127.0.0.1:${promPort}`],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let log = '';
    prometheus.stderr!.on('data', (d: Buffer) => (log = (log + d).slice(-4000)));
    type Vector = { status: string; data: { result: { metric: Record<string, string>; value: [number, string] }[] } };
    let result: Vector['data']['result'] = [];
    await waitFor(
      async () => {
        try {
          const res = await fetch(`http://127.0.0.1:${promPort}/api/v1/query?query=clmon_worker_up`);
          result = ((await res.json()) as Vector).data.result;
          return result.length === 3;
        } catch {
          return false;
        }
      },
      30_000,
      `Prometheus to return clmon_worker_up (its log: ${log})`,
    );
    const workers = result.map((r) => `${r.metric.app}:${r.metric.worker}=${r.value[1]}`).sort();
    expect(workers).toEqual(['solo:0=1', 'web:0=1', 'web:1=1']);
    const health = (await (await fetch(`http://127.0.0.1:${promPort}/api/v1/targets`)).json()) as {
      data: { activeTargets: { health: string; lastError: string }[] };
    };
    expect(health.data.activeTargets).toMatchObject([{ health: 'up', lastError: '' }]);
  });

  it('start with another --metrics than the running daemon is exit 2, saying so', async () => {
    const result = await h.clmon(['start', fixture('sup-idle.cjs'), '--name', 'x', '--metrics', '9999']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `clmon: the daemon of home ${h.home} already runs with --metrics 127.0.0.1:${metricsPort}; --metrics 127.0.0.1:9999 applies only when \`clmon start\` starts the daemon (stop it first with \`clmon kill\`)\n`,
    );
  });
});

describe('clmon daemon --metrics (foreground)', () => {
  it('serves the endpoint until SIGTERM; a taken port is exit 2 naming it', async () => {
    const other = new Harness();
    try {
      const port = await freePort();
      const daemon = other.spawnClmon(['daemon', '--metrics', String(port)]);
      const exited = new Promise<number | null>((resolve) => daemon.once('exit', resolve));
      await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => null))?.status === 200, 15_000, "the foreground daemon's /readyz");
      const home2 = mkdtempSync(join(tmpdir(), 'clmon-home2-'));
      const taken = await other.clmon(['daemon', '--metrics', String(port), '--home', home2]);
      rmSync(home2, { recursive: true, force: true });
      expect(taken.stderr).toBe(`clmon: --metrics 127.0.0.1:${port}: port ${port} is already in use on 127.0.0.1; pick another port\n`);
      expect(taken.code).toBe(2);
      daemon.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      await other.cleanup();
    }
  });
});

describe('bad --metrics values', () => {
  it('a taken port is exit 2 naming it, for start (the daemon refuses it) and run', async () => {
    const other = new Harness();
    const blocker = createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    try {
      const start = await other.clmon(['start', fixture('sup-idle.cjs'), '--metrics', String(port)]);
      expect(start.stderr).toBe(`clmon: --metrics 127.0.0.1:${port}: port ${port} is already in use on 127.0.0.1; pick another port\n`);
      expect(start.code).toBe(2);
      const run = await other.clmon(['run', fixture('sup-idle.cjs'), '--no-tui', '--metrics', String(port)]);
      expect(run.stderr).toBe(`clmon: --metrics 127.0.0.1:${port}: port ${port} is already in use on 127.0.0.1; pick another port\n`);
      expect(run.code).toBe(2);
    } finally {
      blocker.close();
      await other.cleanup();
    }
  });

  it('a malformed value is exit 2 naming it and the accepted forms, before anything starts', async () => {
    const other = new Harness();
    try {
      for (const cmd of ['run', 'start']) {
        const result = await other.clmon([cmd, fixture('sup-idle.cjs'), '--metrics', 'localhost:http']);
        expect(result.stderr).toMatch(
          /^clmon: --metrics "localhost:http" is not valid; use a port \(9100\), host:port \(127\.0\.0\.1:9100, 0\.0\.0\.0:9100, localhost:9100\) or \[ipv6\]:port \(\[::1\]:9100\)\n$/,
        );
        expect(result.code).toBe(2);
      }
      expect(other.daemonPid()).toBeUndefined();
    } finally {
      await other.cleanup();
    }
  });
});
