// Zero-downtime reload under constant keep-alive HTTP load (SPEC §4.4): no failed request,
// every pid replaced, for a server with its own graceful shutdown and for an unmodified one.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ReloadProgress } from '../../src/model/types.js';
import { appSpec, fixture } from '../helpers/app-spec.js';
import { freePort, get, keepAliveLoad } from '../helpers/net.js';
import { sleep, waitFor } from '../helpers/wait-for.js';
import { harness, type Harness } from './harness.js';

let h: Harness;
afterEach(async () => h?.close());

async function startWeb(script: string, extraEnv: Record<string, string> = {}): Promise<number> {
  const port = await freePort();
  await h.start(
    appSpec({ name: 'web', script: fixture(script), instances: 2, execMode: 'cluster', env: { PATH: process.env.PATH!, PORT: String(port), ...extraEnv } }),
  );
  await waitFor(async () => (await h.workers('web')).every((w) => w.status === 'online'), { what: 'web online' });
  await waitFor(async () => (await get(port)).status === 200, { what: 'web answering' });
  return port;
}

describe.each(['sup-http-graceful.cjs', 'sup-http-plain.cjs'])('reload of %s under keep-alive load', (script) => {
  it('three reloads in a row lose no request and replace every pid', async () => {
    h = harness();
    const port = await startWeb(script);
    const load = keepAliveLoad(port, 8);
    await sleep(300);
    const original = new Set((await h.workers('web')).map((w) => w.pid));
    const progress: ReloadProgress[] = [];
    for (let i = 0; i < 3; i++) {
      const result = await h.sup.reload('web', (p) => progress.push(p));
      expect(result).toEqual({ ok: true, replaced: [0, 1] });
      await sleep(200);
    }
    const result = await load.stop();
    expect(result.errors).toEqual([]);
    expect(result.failed).toBe(0);
    expect(result.ok).toBeGreaterThan(100);
    const now = await h.workers('web');
    for (const w of now) {
      expect(original.has(w.pid)).toBe(false);
      expect(w.status).toBe('online');
      expect(w.restarts).toBe(3);
      expect(w.exits!.slice(0, 3).every((e) => e.cause === 'reload')).toBe(true);
    }
    expect(progress.filter((p) => p.phase === 'done')).toHaveLength(6);
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
