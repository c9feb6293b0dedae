// On-demand diagnostics with real workers (docs/supervision.md#crash-forensics-and-diagnostics): a CPU profile of a busy worker, a heap
// snapshot that leaves the worker running, the inspector on 127.0.0.1, and the clear refusals
// (no helper, a second profile at once, not one worker).
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RuntimeError } from '../../src/errors.js';
import { appSpec, fixture } from '../helpers/app-spec.js';
import { harness, type Harness } from './harness.js';

let h: Harness;
afterEach(async () => h?.close());

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string }; hitCount?: number }[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

describe('on-demand diagnostics through the worker helper', () => {
  it('a CPU profile of a busy fork-mode worker is a valid .cpuprofile showing the busy function; a second one at once is refused', async () => {
    h = harness();
    await h.start(appSpec({ name: 'busy', script: fixture('diag-busy.cjs') }));
    const w = await h.waitWorker('busy', 0, (x) => x.status === 'online' && x.pid !== null, 'online');
    const out = join(h.home, 'busy.cpuprofile');
    const running = h.sup.diagnose('busy:0', { kind: 'profile', durationMs: 1000, out });
    const second = await h.sup.diagnose('busy:0', { kind: 'profile', durationMs: 1000, out: join(h.home, 'again.cpuprofile') }).catch((e: unknown) => e);
    expect(second).toBeInstanceOf(RuntimeError);
    expect((second as RuntimeError).message).toMatch(
      /^a CPU profile of busy:0 is already being taken \(to .*busy\.cpuprofile\), started \d+ s ago, \d+ s to go; wait for it to finish$/,
    );
    const result = await running;
    expect(result).toMatchObject({ kind: 'profile', app: 'busy', id: 0, pid: w.pid, path: out });
    expect(result.bytes).toBe(statSync(out).size);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const profile = JSON.parse(readFileSync(out, 'utf8')) as CpuProfile;
    expect(profile.nodes.length).toBeGreaterThan(1);
    expect(profile.samples.length).toBeGreaterThan(0);
    expect(profile.timeDeltas).toHaveLength(profile.samples.length);
    expect(profile.endTime - profile.startTime).toBeGreaterThanOrEqual(900_000); // µs
    const busy = profile.nodes.filter((n) => n.callFrame.functionName === 'spinBusyLoop');
    expect(busy.length).toBeGreaterThan(0);
    expect(busy[0]!.callFrame.url).toMatch(/diag-busy\.cjs$/);
    expect(busy.reduce((n, node) => n + (node.hitCount ?? 0), 0)).toBeGreaterThan(0);
    // a new profile is fine once the first is done
    await expect(h.sup.diagnose('busy:0', { kind: 'profile', durationMs: 200, out: join(h.home, 'again.cpuprofile') })).resolves.toMatchObject({ pid: w.pid });
  }, 30_000);

  it('a heap snapshot of a cluster worker is valid JSON and the worker keeps its pid', async () => {
    h = harness();
    await h.start(appSpec({ name: 'web', script: fixture('diag-busy.cjs'), execMode: 'cluster', instances: 1 }));
    const w = await h.waitWorker('web', 0, (x) => x.status === 'online' && x.pid !== null, 'online');
    const out = join(h.home, 'web.heapsnapshot');
    const result = await h.sup.diagnose('web:0', { kind: 'heapsnapshot', out });
    expect(result).toMatchObject({ kind: 'heapsnapshot', pid: w.pid, path: out });
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const snapshot = JSON.parse(readFileSync(out, 'utf8')) as { snapshot: { meta: { node_fields: string[] } }; nodes: number[]; strings: string[] };
    expect(snapshot.snapshot.meta.node_fields).toContain('name');
    expect(snapshot.nodes.length).toBeGreaterThan(0);
    expect(snapshot.strings).toContain('note 999'); // the fixture's own data is in it
    const after = await h.worker('web', 0);
    expect(after).toMatchObject({ pid: w.pid, status: 'online', restarts: 0 });
  }, 30_000);

  it('inspect opens the worker inspector on 127.0.0.1 (answers /json/list), and closes it again', async () => {
    h = harness();
    await h.start(appSpec({ name: 'web', script: fixture('diag-busy.cjs'), execMode: 'cluster', instances: 1 }));
    await h.waitWorker('web', 0, (x) => x.status === 'online' && x.pid !== null, 'online');
    const { url } = await h.sup.diagnose('web:0', { kind: 'inspect' });
    const match = /^ws:\/\/127\.0\.0\.1:(\d+)\/[\w-]+$/.exec(url ?? '');
    expect(match, String(url)).not.toBeNull();
    const list = (await (await fetch(`http://127.0.0.1:${match![1]}/json/list`)).json()) as { webSocketDebuggerUrl: string }[];
    expect(list.map((t) => t.webSocketDebuggerUrl)).toContain(url);
    // asked again: the same inspector, not a second port
    expect((await h.sup.diagnose('web:0', { kind: 'inspect' })).url).toBe(url);
    expect((await h.sup.diagnose('web:0', { kind: 'inspect', close: true })).url).toBeNull();
    await expect(fetch(`http://127.0.0.1:${match![1]}/json/list`)).rejects.toThrow();
  }, 30_000);

  it("the helper's IPC listener keeps no process alive: a fork worker whose code ends exits 0 on its own", async () => {
    h = harness();
    await h.start(appSpec({ name: 'done', script: fixture('diag-done.cjs'), autorestart: false }));
    const w = await h.waitWorker('done', 0, (x) => x.status === 'stopped' && (x.exits?.length ?? 0) > 0, 'exited by itself', 10_000);
    expect(w.exits![0]).toMatchObject({ code: 0, signal: null, cause: 'crash' });
  });

  it('refuses clearly: not one worker, an unknown worker, a worker without the helper, a stopped worker', async () => {
    h = harness();
    await h.start(
      appSpec({ name: 'busy', script: fixture('diag-busy.cjs') }),
      appSpec({ name: 'sh', script: '/bin/sh', interpreter: 'none', args: ['-c', 'sleep 30'] }),
    );
    await h.waitWorker('busy', 0, (x) => x.status === 'online', 'online');
    await h.waitWorker('sh', 0, (x) => x.status === 'online', 'online');
    const out = join(h.home, 'x.cpuprofile');
    const profile = { kind: 'profile' as const, durationMs: 200, out };
    await expect(h.sup.diagnose('nope:0', profile)).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/^unknown app "nope"/) });
    await expect(h.sup.diagnose('busy', profile)).rejects.toMatchObject({
      exitCode: 2,
      message: 'profile takes one worker as <app>:<id> (e.g. busy:0), not "busy"',
    });
    await expect(h.sup.diagnose('busy:3', profile)).rejects.toMatchObject({ exitCode: 2, message: 'busy has no worker 3 (ids: 0)' });
    await expect(h.sup.diagnose('sh:0', profile)).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringMatching(/^sh:0 runs with interpreter "none", not Node\.js: .*worker helper/),
    });
    await h.sup.stop('busy:0');
    await expect(h.sup.diagnose('busy:0', profile)).rejects.toMatchObject({ exitCode: 1, message: 'busy:0 is not running (stopped); start it first' });
  }, 30_000);
});
