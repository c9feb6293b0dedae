// Pins the 80x24 corruption QA found in `clmon run examples/ecosystem.config.js`: lines still
// pending in the supervisor's batch when the backfill was read came back live, with the same seq.
// Duplicate React keys then left stale rows in the log box, which overflowed its height, and Yoga
// drew the rows over each other: the "── logs" title overwritten, lines repeated, leftovers.
import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import type { LogLine } from '../../src/model/types.js';
import { App } from '../../src/ui/App.js';
import { TuiStore } from '../../src/ui/store.js';
import { FakeSource } from './helpers/fake-source.js';
import { app, logLine, worker } from './helpers/snapshots.js';
import { eventually } from '../helpers/wait-for.js';

let store: TuiStore | null = null;
afterEach(() => {
  cleanup();
  store?.stop();
});

/** The demo's shape: 5 apps, 6 workers, so that the log pane gets 8 of the 23 rows. */
function demo() {
  return {
    apps: [
      app('web', [worker(0), worker(1)]),
      app('crashy', [worker(0, { pid: null, status: 'waiting', restartInMs: 500, restarts: 3 })], { mode: 'fork' }),
      app('leaky', [worker(0, { pid: 2000 })], { mode: 'fork' }),
      app('noisy', [worker(0, { pid: 2001 })], { mode: 'fork' }),
      app('worker', [worker(0, { pid: 2002 })], { mode: 'fork' }),
    ],
  };
}

describe('80x24 with a backfill that overlaps the first live batches', () => {
  it('keeps exactly 23 rows, the log title in place and each line once', async () => {
    const source = new FakeSource(demo());
    const lines: LogLine[] = Array.from({ length: 12 }, (_, i) => logLine(i % 3 ? 'noisy' : 'worker', 0, `startup line ${i}`));
    source.backfill = lines.slice(0, 10); // read while lines 6..9 were still in the pending batch
    store = new TuiStore(source, { hostIntervalMs: 0 });
    await store.start();
    const ui = render(<App store={store} source={source} mode="run" onQuit={() => {}} size={{ columns: 80, rows: 24 }} />);
    await eventually(() => expect(ui.lastFrame()).toContain('startup line 9'));
    source.emit({ type: 'logs', lines: lines.slice(6, 10) }); // the pending batch, delivered live
    source.emit({ type: 'logs', lines: lines.slice(10) });
    await eventually(() => expect(ui.lastFrame()).toContain('startup line 11'));
    // a few more frames, as the clock and new lines redraw it
    for (let i = 0; i < 5; i++) {
      source.emit({ type: 'logs', lines: [logLine('web', i % 2, `live ${i}`)] });
      await eventually(() => expect(ui.lastFrame()).toContain(`live ${i}`));
    }
    const frame = ui.lastFrame()!.split('\n');
    expect(frame).toHaveLength(23);
    expect(frame[13]).toMatch(/^── logs: all workers ─+$/);
    const shown = frame.slice(14, 21).map((l) => l.replace(/^\d\d:\d\d:\d\d /, ''));
    expect(shown).toEqual([
      'noisy#0    startup line 10',
      'noisy#0    startup line 11',
      'web#0      live 0',
      'web#1      live 1',
      'web#0      live 2',
      'web#1      live 3',
      'web#0      live 4',
    ]);
    expect(frame[21]).toMatch(/^ready/);
    expect(store.getState().logs.map((l) => l.text)).toEqual([...lines.map((l) => l.text), 'live 0', 'live 1', 'live 2', 'live 3', 'live 4']);
  });

  it('gives a long status message a second row from the log pane, the frame still 23 rows', async () => {
    const source = new FakeSource(demo());
    source.backfill = Array.from({ length: 20 }, (_, i) => logLine('noisy', 0, `job ${i}`));
    store = new TuiStore(source, { hostIntervalMs: 0 });
    await store.start();
    const ui = render(<App store={store} source={source} mode="run" onQuit={() => {}} size={{ columns: 80, rows: 24 }} />);
    await eventually(() => expect(ui.lastFrame()).toContain('job 19'));
    const text = 'leaky:0 uses 160.2M, over its max_memory_restart of 150M: replacing it without downtime (cluster)';
    source.emit({ type: 'notice', level: 'warn', message: text });
    await eventually(() => expect(ui.lastFrame()).toContain('downtime (cluster)'));
    const frame = ui.lastFrame()!.split('\n');
    expect(frame).toHaveLength(23);
    expect(frame[13]).toMatch(/^── logs: all workers ─+$/);
    expect(frame[19]).toMatch(/job 19$/);
    expect(frame.slice(20, 22)).toEqual(['leaky:0 uses 160.2M, over its max_memory_restart of 150M: replacing it without', 'downtime (cluster)']);
    expect(frame[22]).toMatch(/^↑↓ select/);
  });
});
