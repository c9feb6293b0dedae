// Zero-downtime reload under constant keep-alive HTTP load (docs/supervision.md#reload): no failed request and
// every pid replaced, whatever the app's own shutdown code does (test/fixtures/drain-app.cjs).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppSpec, ReloadProgress } from '../../src/model/types.js';
import { get, keepAliveLoad } from '../helpers/net.js';
import { sleep } from '../helpers/wait-for.js';
import { harness, startHttpCluster, type Harness } from './harness.js';

let h: Harness;
afterEach(async () => h?.close());

const CLIENTS = 8;

function startWeb(script: string, env: Record<string, string> = {}, spec: Partial<AppSpec> = {}): Promise<number> {
  return startHttpCluster(h, { script, env, spec });
}

const SHAPES = [
  { shape: 'listen', what: 'only listens' },
  { shape: 'close-idle', what: 'close(cb) + closeIdleConnections(), exit in cb' },
  { shape: 'close-all', what: 'close(cb) + closeAllConnections(), exit in cb' },
  { shape: 'exit-soon', what: 'process.exit(0) 20 ms after the signal' },
  { shape: 'ready', what: "wait_ready with process.send('ready')", spec: { waitReady: true } },
] as const;

describe.each(SHAPES)('reload of an app that $what ($shape), drain on', ({ shape, ...rest }) => {
  it(`three reloads in a row under ${CLIENTS} keep-alive clients lose no request and replace every pid`, async () => {
    h = harness();
    const port = await startWeb('drain-app.cjs', { APP_SHAPE: shape }, 'spec' in rest ? rest.spec : {});
    const load = keepAliveLoad(port, CLIENTS);
    await sleep(300);
    const seen = new Set((await h.workers('web')).map((w) => w.pid));
    const progress: ReloadProgress[] = [];
    for (let i = 0; i < 3; i++) {
      const before = (await h.workers('web')).map((w) => w.pid);
      const result = await h.sup.reload('web', (p) => progress.push(p));
      expect(result.error).toBeUndefined();
      expect(result).toEqual({ ok: true, replaced: [0, 1] });
      const after = (await h.workers('web')).map((w) => w.pid);
      // every pid replaced, by one never seen before
      expect(after.every((pid) => !before.includes(pid) && !seen.has(pid))).toBe(true);
      after.forEach((pid) => seen.add(pid));
      await sleep(150);
    }
    const result = await load.stop();
    expect(result.errors).toEqual([]);
    expect(result.failed).toBe(0);
    expect(result.ok).toBeGreaterThan(100);
    const now = await h.workers('web');
    for (const w of now) {
      expect(w.status).toBe('online');
      expect(w.restarts).toBe(3);
      const exits = w.exits!.slice(0, 3);
      expect(exits.every((e) => e.cause === 'reload' && !e.killed)).toBe(true);
      // a close() on a server the drain closed succeeds quietly (the fixture exits 1 otherwise)
      expect(exits.map((e) => e.code)).toEqual([0, 0, 0]);
      expect(exits.flatMap((e) => e.stderrTail)).toEqual([]);
    }
    expect(progress.filter((p) => p.phase === 'done')).toHaveLength(6);
  });
});

describe('reload with drain: false', () => {
  it('the usual graceful handler (close + closeIdleConnections) fails requests: the load client sees them', async () => {
    h = harness();
    const port = await startWeb('drain-app.cjs', { APP_SHAPE: 'close-idle' }, { drain: false });
    const load = keepAliveLoad(port, CLIENTS);
    await sleep(300);
    for (let i = 0; i < 3; i++) expect((await h.sup.reload('web')).ok).toBe(true);
    await sleep(150);
    const result = await load.stop();
    expect(result.failed).toBeGreaterThan(0);
    expect(result.ok).toBeGreaterThan(100);
  });
});

describe('reload abort', () => {
  it('a replacement that never becomes ready aborts the reload and the old workers keep serving', async () => {
    h = harness();
    const dir = mkdtempSync(join(tmpdir(), 'clmon-flag-'));
    const flag = join(dir, 'never-ready');
    try {
      const port = await startWeb('sup-http-never-ready.cjs', { NEVER_READY_FLAG: flag });
      h.sup['apps'].get('web')!.spec.listenTimeout = 1000;
      const before = (await h.workers('web')).map((w) => w.pid);
      writeFileSync(flag, '');
      const result = await h.sup.reload('web');
      expect(result.ok).toBe(false);
      expect(result.error).toMatch(/web:0: replacement pid \d+ was not ready \(listening\) within listen_timeout 1000 ms/);
      expect(result.replaced).toEqual([]);
      const after = await h.workers('web');
      expect(after.map((w) => w.pid)).toEqual(before);
      const seen = new Set<number>();
      for (let i = 0; i < 10; i++) seen.add((await get(port)).body.pid);
      expect([...seen].every((pid) => before.includes(pid))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
