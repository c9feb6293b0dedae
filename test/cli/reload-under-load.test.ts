// `clmon reload` against a real daemon under constant keep-alive HTTP load (docs/supervision.md#reload): no
// request lost, for an unmodified server and for one with the usual graceful handler (close +
// closeIdleConnections, drained first); a replacement that never becomes ready aborts the reload
// (exit 1) while the old workers keep serving.
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, freePort, Harness } from '../daemon/daemon-harness.js';
import { keepAliveLoad } from '../helpers/net.js';

const CLIENTS = 8;
const h = new Harness();
const marker = join(h.home, 'never-ready');
let port = 0;

beforeAll(async () => {
  port = await freePort();
  // listen_timeout 10 s: a replacement's cold start on a loaded 2-core machine can take seconds
  const start = await h.clmon(['start', fixture('daemon-http.cjs'), '-i', '2', '--name', 'web', '--listen-timeout', '10s'], {
    env: { PORT: String(port), NEVER_READY_FILE: marker },
  });
  expect(start.code).toBe(0);
});
afterAll(() => h.cleanup());

/** CLIENTS keep-alive clients sending requests back to back until stop() resolves the tally. */
function load(): { stop(): Promise<{ ok: number; failed: string[] }> } {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
  const failed: string[] = [];
  let ok = 0;
  let running = true;
  const request = (): Promise<void> =>
    new Promise((resolve) => {
      const req = http.get({ host: '127.0.0.1', port, path: '/', agent }, (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d));
        res.on('end', () => {
          if (res.statusCode === 200 && body.startsWith('ok ')) ok++;
          else failed.push(`status ${res.statusCode}: ${body}`);
          resolve();
        });
        res.on('error', (err) => {
          failed.push(err.message);
          resolve();
        });
      });
      req.on('error', (err) => {
        failed.push(err.message);
        resolve();
      });
    });
  const loops = Array.from({ length: CLIENTS }, async () => {
    while (running) await request();
  });
  return {
    async stop() {
      running = false;
      await Promise.all(loops);
      agent.destroy();
      return { ok, failed };
    },
  };
}

const pids = async (): Promise<number[]> => (await h.ls()).apps[0]!.workers.map((w) => w.pid!);

describe('clmon reload', () => {
  it('replaces every worker without losing a request (keep-alive load)', async () => {
    const before = await pids();
    const traffic = load();
    for (let i = 0; i < 2; i++) {
      const result = await h.clmon(['reload', 'web']);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/web:0 replacement ready \(pid \d+\)/);
      expect(result.stdout).toMatch(/web:1 done/);
      expect(result.stdout).toMatch(/reloaded web: 2 workers replaced/);
    }
    const { ok, failed } = await traffic.stop();
    expect(failed).toEqual([]);
    expect(ok).toBeGreaterThan(50);
    const after = await pids();
    expect(after.some((pid) => before.includes(pid))).toBe(false);
  });

  it('a replacement that never becomes ready aborts with exit 1; the old workers keep serving', async () => {
    const before = await pids();
    writeFileSync(marker, 'never listen');
    const traffic = load();
    const result = await h.clmon(['reload', 'web']);
    const { ok, failed } = await traffic.stop();
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/reload of web aborted: .*not ready/);
    expect(result.stderr).toMatch(/old workers keep serving/);
    expect(failed).toEqual([]);
    expect(ok).toBeGreaterThan(0);
    expect(await pids()).toEqual(before);
    const web = (await h.ls()).apps[0]!;
    expect(web.workers.map((w) => w.status)).toEqual(['online', 'online']);
    const res = await fetch(`http://127.0.0.1:${port}/`);
    expect(before).toContain(Number((await res.text()).split(' ')[1]));
  });

  it('an app with its own close + closeIdleConnections handler: three reloads lose nothing (--drain-timeout given)', async () => {
    const gracefulPort = await freePort();
    const start = await h.clmon(['start', fixture('drain-app.cjs'), '-i', '2', '--name', 'graceful', '--drain-timeout', '3s', '--listen-timeout', '10s'], {
      env: { PORT: String(gracefulPort), APP_SHAPE: 'close-idle' },
    });
    expect(start.stderr).toBe('');
    expect(start.code).toBe(0);
    const workers = async (): Promise<number[]> => (await h.ls()).apps.find((a) => a.name === 'graceful')!.workers.map((w) => w.pid!);
    const traffic = keepAliveLoad(gracefulPort, CLIENTS);
    const seen = new Set(await workers());
    for (let i = 0; i < 3; i++) {
      const result = await h.clmon(['reload', 'graceful']);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const now = await workers();
      expect(now.some((pid) => seen.has(pid))).toBe(false);
      now.forEach((pid) => seen.add(pid));
    }
    const result = await traffic.stop();
    expect(result.errors).toEqual([]);
    expect(result.ok).toBeGreaterThan(50);
  });

  it('a bad --drain-timeout is exit 2 naming the option', async () => {
    const result = await h.clmon(['start', fixture('drain-app.cjs'), '--name', 'bad', '--drain-timeout', 'soon']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/option --drain-timeout: "soon" is not a duration/);
  });

  it('reload of an unknown app is exit 2', async () => {
    const result = await h.clmon(['reload', 'nope']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown app "nope" \(known apps: (web, graceful|graceful, web)\)/);
  });
});
