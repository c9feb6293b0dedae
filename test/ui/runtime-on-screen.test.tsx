// docs/supervision.md#runtime-metrics on screen, with real parts: a real supervisor runs a worker whose event loop is blocked
// 150 ms every 300 ms and an idle one; the TUI shows the blocked one's p99 above 100 ms in the
// table (160 columns: the LOOP and REQ/S columns and their sparklines) and all of the runtime in
// the detail view; at 80×24 everything still fits.
import { render } from 'ink';
import { cleanup, render as renderTest } from 'ink-testing-library';
import stripAnsi from 'strip-ansi';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src/ui/App.js';
import { TuiStore } from '../../src/ui/store.js';
import { SupervisorSource } from '../../src/sources/supervisor-source.js';
import { appSpec, fixture } from '../helpers/app-spec.js';
import { freePort } from '../helpers/net.js';
import { harness, type Harness } from '../supervisor/harness.js';
import { FakeStdin, FakeStdout } from './helpers/fake-tty.js';
import { eventually } from '../helpers/wait-for.js';

let h: Harness | undefined;
let store: TuiStore | undefined;
let unmount: (() => void) | undefined;
afterEach(async () => {
  unmount?.();
  cleanup();
  store?.stop();
  await h?.close();
  h = store = unmount = undefined;
});

async function startApps(): Promise<SupervisorSource> {
  h = harness();
  const env = { PATH: process.env.PATH! };
  await h.start(
    appSpec({ name: 'slow', script: fixture('metrics-blocker.cjs'), env: { ...env, PORT: String(await freePort()) } }),
    appSpec({ name: 'calm', script: fixture('metrics-blocker.cjs'), env: { ...env, PORT: String(await freePort()), BLOCK_MS: '0' } }),
  );
  const source = new SupervisorSource(h.sup, 'run', 'run test');
  store = new TuiStore(source, { hostIntervalMs: 0 });
  await store.start();
  return source;
}

const rowOf = (frame: string, app: string): string => {
  const lines = frame.split('\n');
  return lines[lines.findIndex((l) => l.startsWith(app)) + 1] ?? '';
};

describe('runtime metrics on screen', () => {
  it('160 columns: the blocked worker shows a p99 above 100 ms in the LOOP column, the idle one stays low', async () => {
    const source = await startApps();
    const stdout = new FakeStdout(160, 30);
    const ui = render(<App store={store!} source={source} mode="run" onQuit={() => {}} size={{ columns: 160, rows: 30 }} />, {
      stdout: stdout as unknown as NodeJS.WriteStream,
      stdin: new FakeStdin() as unknown as NodeJS.ReadStream,
      patchConsole: false,
      exitOnCtrlC: false,
    });
    unmount = () => ui.unmount();
    // the last whole frame (writes in between are synchronized-output markers)
    const frame = () => stripAnsi(stdout.writes.findLast((w) => w.includes('clmon ·')) ?? '');
    const loopCell = (row: string) => /\s(\d+(?:\.\d)?)(ms|s)\s+(\d[\d.k]*|-)\s/.exec(row.slice(row.indexOf('M ') + 1));
    await eventually(() => {
      const cell = loopCell(rowOf(frame(), 'slow'));
      expect(cell && (cell[2] === 's' || Number(cell[1]) > 100)).toBe(true);
    }, 10_000);
    expect(frame()).toMatch(/LOOP\s+REQ\/S CPU 60s/);
    expect(frame()).toContain('LOOP p99 60s');
    // the idle one shows a low delay (one frame's sample can catch a loaded machine's stall)
    await eventually(() => {
      const calm = loopCell(rowOf(frame(), 'calm'));
      expect(calm && calm[2] === 'ms' && Number(calm[1]) < 100).toBe(true);
    }, 10_000);
    for (const line of frame().split('\n')) expect(line.length).toBeLessThanOrEqual(160);
  });

  it('80×24: no runtime columns, the frame fits; the detail view shows all of the runtime', async () => {
    const source = await startApps();
    await h!.waitWorker('slow', 0, (w) => (w.runtime?.eventLoopDelayP99Ms ?? 0) > 100, 'p99 > 100 ms', 10_000);
    const ui = renderTest(<App store={store!} source={source} mode="run" onQuit={() => {}} size={{ columns: 80, rows: 24 }} />);
    await eventually(() => expect(ui.lastFrame()).toContain('▶ #0'));
    const lines = ui.lastFrame()!.split('\n');
    expect(lines.length).toBeLessThanOrEqual(23);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
    expect(ui.lastFrame()).not.toContain('LOOP');
    ui.stdin.write('\r'); // the detail view of the first worker: slow:0
    await eventually(() => expect(ui.lastFrame()).toMatch(/Runtime \(sampled \d\d:\d\d:\d\d\):/), 5_000);
    const detail = ui.lastFrame()!;
    const p99 = /event loop {2}delay p50 [\d.]+ms · p99 ([\d.]+)(ms|s) · max [\d.]+m?s · utilization \d+%/.exec(detail);
    expect(p99).not.toBeNull();
    expect(p99![2] === 's' || Number(p99![1]) > 100).toBe(true);
    expect(detail).toMatch(/heap {8}[\d.]+[KMG] used of [\d.]+[KMG] · limit [\d.]+[KMG] \(\d+% of the limit\)\n/);
    expect(detail).toMatch(/gc {10}[\d.]+m?s a second · \d+ active handles\n/);
    expect(detail).toMatch(/http {8}\d[\d.k]* req\/s · \d+ in flight · 0 5xx\/s\n/);
    expect(detail).toMatch(/latency {5}p50 (-|[\d.]+ms) · p99 (-|[\d.]+ms)\n/);
    for (const line of detail.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
  });
});
