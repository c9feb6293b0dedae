import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { LogLine, Snapshot } from '../../src/model/types.js';
import { TuiStore } from '../../src/ui/store.js';
import { FakeSource } from './helpers/fake-source.js';
import { logLine, twoApps } from './helpers/snapshots.js';
import { eventually } from '../helpers/wait-for.js';

/** A source whose snapshots take a while, counting how many are in flight at once. */
class SlowSource extends FakeSource {
  inFlight = 0;
  maxInFlight = 0;
  failNext: Error | null = null;
  override async snapshot(): Promise<Snapshot> {
    this.snapshotCalls++;
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    await sleep(20);
    this.inFlight--;
    if (this.failNext) throw this.failNext;
    return this.current;
  }
}

let store: TuiStore | null = null;
afterEach(() => store?.stop());

function follow(source: FakeSource): { store: TuiStore; publications: () => number } {
  store = new TuiStore(source, { hostIntervalMs: 0 });
  let count = 0;
  store.subscribe(() => count++);
  return { store, publications: () => count };
}

describe('TuiStore', () => {
  it('costs a bounded number of publications under a flood of 50,000 lines, and keeps the last 5,000', async () => {
    const source = new FakeSource(twoApps());
    const { store, publications } = follow(source);
    const started = Date.now();
    await store.start();
    let last: LogLine | undefined;
    for (let chunk = 0; chunk < 50; chunk++) {
      // one event per line, a thousand per macrotask: thousands of lines a second
      for (let i = 0; i < 1000; i++) source.emit({ type: 'logs', lines: [(last = logLine('web', i % 2, `line ${chunk * 1000 + i}`))] });
      await new Promise((resolve) => setImmediate(resolve));
    }
    await eventually(() => expect(store.getState().logs.at(-1)).toBe(last));
    const elapsed = Date.now() - started;
    const logs = store.getState().logs;
    expect(logs).toHaveLength(5000);
    expect(logs[0]!.text).toBe('line 45000');
    expect(logs.every((l, i) => i === 0 || l.seq === logs[i - 1]!.seq + 1)).toBe(true);
    // at most one publication per 100 ms interval, whatever the line rate
    expect(publications()).toBeLessThanOrEqual(Math.ceil(elapsed / 100) + 2);
    expect(publications()).toBeGreaterThan(0);
  });

  it('coalesces a burst of changes: one snapshot request in flight, a bounded number in all', async () => {
    const source = new SlowSource(twoApps());
    const { store } = follow(source);
    const started = Date.now();
    await store.start();
    for (let i = 0; i < 1000; i++) {
      source.emit({ type: 'changed' });
      if (i % 100 === 0) await sleep(5);
    }
    await eventually(() => expect(source.inFlight).toBe(0));
    await sleep(150); // the trailing request, if one was due
    await eventually(() => expect(source.inFlight).toBe(0));
    const elapsed = Date.now() - started;
    expect(source.maxInFlight).toBe(1);
    expect(source.snapshotCalls).toBeLessThanOrEqual(Math.ceil(elapsed / 100) + 2);
    expect(store.getState().snapshot).toBe(source.current);
  });

  it('picks up the latest state after a change that arrived during a request', async () => {
    const source = new SlowSource(twoApps());
    const { store } = follow(source);
    await store.start();
    await eventually(() => expect(store.getState().snapshot).not.toBeNull());
    const next = { apps: [] };
    source.emit({ type: 'changed' });
    source.current = next;
    source.emit({ type: 'changed' });
    await eventually(() => expect(store.getState().snapshot).toBe(next));
  });

  it('merges the backfill with lines that arrived while it loaded, once each', async () => {
    const source = new FakeSource(twoApps());
    const older = [logLine('web', 0, 'a'), logLine('web', 0, 'b'), logLine('web', 0, 'c')];
    source.backfill = older;
    const { store } = follow(source);
    const starting = store.start();
    // a live batch that overlaps the backfill's last line arrives before it resolves
    source.emit({ type: 'logs', lines: [older[2]!, logLine('web', 0, 'd')] });
    await starting;
    await eventually(() => expect(store.getState().logs.map((l) => l.text)).toEqual(['a', 'b', 'c', 'd']));
  });

  it('drops the live copies of lines the backfill already brought (they were pending in a batch)', async () => {
    const source = new FakeSource(twoApps());
    const lines = ['a', 'b', 'c', 'd', 'e'].map((t) => logLine('web', 0, t));
    source.backfill = lines.slice(0, 4);
    const { store } = follow(source);
    await store.start();
    source.emit({ type: 'logs', lines: lines.slice(2, 4) });
    source.emit({ type: 'logs', lines: lines.slice(3) });
    await eventually(() => expect(store.getState().logs.map((l) => l.text)).toEqual(['a', 'b', 'c', 'd', 'e']));
    // past the backfill, a source that numbers from 1 again (a restarted daemon) loses nothing
    source.emit({ type: 'logs', lines: [logLine('web', 0, 'again', { seq: 1 })] });
    await eventually(() => expect(store.getState().logs.map((l) => l.text)).toEqual(['a', 'b', 'c', 'd', 'e', 'again']));
  });

  it('keeps backfill lines newer than the live lines that beat it', async () => {
    const source = new FakeSource(twoApps());
    const lines = ['a', 'b', 'c', 'd'].map((t) => logLine('web', 0, t));
    source.backfill = lines; // c and d were pending when it was read
    const { store } = follow(source);
    const starting = store.start();
    source.emit({ type: 'logs', lines: [lines[1]!] });
    await starting;
    source.emit({ type: 'logs', lines: lines.slice(2) });
    await eventually(() => expect(store.getState().logs.map((l) => l.text)).toEqual(['a', 'b', 'c', 'd']));
  });

  it('reports notices, failed snapshots and reload progress', async () => {
    const source = new SlowSource(twoApps());
    const { store } = follow(source);
    await store.start();
    source.emit({ type: 'notice', level: 'warn', message: 'unknown field "foo" in app web' });
    await eventually(() => expect(store.getState().status).toMatchObject({ level: 'warn', text: 'unknown field "foo" in app web' }));
    source.emit({ type: 'reload-progress', progress: { app: 'web', id: 0, phase: 'starting' } });
    await eventually(() => expect(store.getState().reloads.get('web')?.slots.get(0)?.phase).toBe('starting'));
    await eventually(() => expect(source.inFlight).toBe(0));
    source.failNext = new Error('control socket closed');
    source.emit({ type: 'changed' });
    await eventually(() => expect(store.getState().snapshotError).toBe('control socket closed'));
  });

  it('says so when the backfill fails, and stops listening on stop()', async () => {
    const source = new FakeSource(twoApps());
    source.logs = async () => {
      throw new Error('no logs here');
    };
    const { store } = follow(source);
    await store.start();
    await eventually(() => expect(store.getState().status?.text).toBe('could not load recent logs: no logs here'));
    expect(source.listenerCount).toBe(1);
    store.stop();
    expect(source.listenerCount).toBe(0);
  });
});
