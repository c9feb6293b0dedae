// The dashboard commits a frame to Ink only when a publication changes what the screen shows
// (src/ui/frame.ts): a metrics poll of workers whose figures round the same must not re-render.
import { cleanup, render } from 'ink-testing-library';
import { Profiler } from 'react';
import { afterEach, expect, it } from 'vitest';
import { App } from '../../src/ui/App.js';
import { TuiStore } from '../../src/ui/store.js';
import type { Snapshot } from '../../src/model/types.js';
import { eventually } from '../helpers/wait-for.js';
import { FakeSource } from './helpers/fake-source.js';
import { twoApps } from './helpers/snapshots.js';

let store: TuiStore | null = null;
afterEach(() => {
  cleanup();
  store?.stop();
});

/** twoApps() with every worker's cpu and memory set (the table shows cpu to 0.1 %, memory to 0.1 MiB). */
function withMetrics(cpu: number, memory: number): Snapshot {
  const base = twoApps();
  return { apps: base.apps.map((a) => ({ ...a, workers: a.workers.map((w) => (w.pid ? { ...w, cpu, memory } : w)) })) };
}

it('re-renders on a publication that changes the screen, not on one that changes nothing visible', async () => {
  const source = new FakeSource(withMetrics(1.5, 48 * 1024 * 1024));
  const clock = Date.UTC(2026, 0, 1, 12, 0, 0); // uptimes and countdowns stand still
  store = new TuiStore(source, { hostIntervalMs: 0, now: () => clock });
  await store.start();
  let commits = 0;
  const ui = render(
    <Profiler id="app" onRender={() => commits++}>
      <App store={store} source={source} mode="attach" onQuit={() => {}} size={{ columns: 120, rows: 30 }} />
    </Profiler>,
  );
  await eventually(() => expect(ui.lastFrame()).toMatch(/▶ #0\s+1000 online.*1\.5%\s+48\.0M/));
  await new Promise((r) => setTimeout(r, 300)); // let the first publications settle
  const settled = commits;

  // new snapshot objects, new figures, the same screen
  for (const [i, cpu] of [1.52, 1.48, 1.51].entries()) {
    source.current = withMetrics(cpu, 48 * 1024 * 1024 + 1000 * (i + 1));
    const calls = source.snapshotCalls;
    store.refresh();
    await eventually(() => expect(source.snapshotCalls).toBeGreaterThan(calls));
    await new Promise((r) => setTimeout(r, 250)); // past the store's publication interval
    expect(store.getState().snapshot).toBe(source.current); // published...
  }
  expect(commits).toBe(settled); // ...and not rendered

  source.current = withMetrics(9, 48 * 1024 * 1024);
  store.refresh();
  await eventually(() => expect(ui.lastFrame()).toMatch(/▶ #0\s+1000 online.*9\.0%\s+48\.0M/));
  expect(commits).toBeGreaterThan(settled);

  // a key renders from the latest state: a skipped publication is not lost
  const beforeKey = commits;
  source.current = withMetrics(9.01, 48 * 1024 * 1024);
  store.refresh();
  await eventually(() => expect(store!.getState().snapshot).toBe(source.current));
  ui.stdin.write('j');
  await eventually(() => expect(ui.lastFrame()).toMatch(/▶ #1\s+1001 online.*9\.0%/));
  expect(commits).toBeGreaterThan(beforeKey);
});
