// The one line store (the supervisor's LogHub and the attach sources build on it): numbered,
// sanitized lines in arrival order, batches to followers, and every ring bounded.
import { afterEach, describe, expect, it } from 'vitest';
import { LogStore } from '../../src/logs/log-store.js';
import type { LogLine } from '../../src/model/types.js';
import { waitFor } from '../helpers/wait-for.js';

let store: LogStore | undefined;
afterEach(() => {
  store?.close();
  store = undefined;
});

function follow(s: LogStore): LogLine[][] {
  const batches: LogLine[][] = [];
  s.onBatch((lines) => batches.push(lines));
  return batches;
}

describe('log store', () => {
  it('numbers backfilled lines before live ones, and batches the live ones in arrival order', async () => {
    store = new LogStore({ batchMs: 10 });
    const batches = follow(store);
    store.backfill([{ at: 1, app: 'a', id: 0, stream: 'out', raw: 'old' }]);
    store.add('a', 0, 'out', 'one');
    store.add('a', 1, 'err', 'two', Date.now(), 4242);
    await waitFor(() => batches.length === 1);
    expect(batches[0]!.map((l) => [l.seq, l.text, l.pid])).toEqual([
      [2, 'one', undefined],
      [3, 'two', 4242],
    ]);
    expect(store.recent({ lines: 10 }).map((l) => l.text)).toEqual(['old', 'one', 'two']);
  });

  it('keeps seq strictly increasing across batches, apps and streams', () => {
    store = new LogStore({ batchMs: 60_000, maxBatchLines: 7 });
    const batches = follow(store);
    for (let i = 0; i < 50; i++) store.add(i % 2 ? 'web' : 'api', i % 3, i % 5 ? 'out' : 'err', `l${i}`);
    store.close();
    const seqs = batches.flat().map((l) => l.seq);
    expect(seqs).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(batches.flat().map((l) => l.text)).toEqual(Array.from({ length: 50 }, (_, i) => `l${i}`));
  });

  it('strips escape sequences and control characters from lines and stderr tails', () => {
    store = new LogStore();
    const raw = '\u001b[2J\u001b]0;pwned\u0007red \u001b[31mtext\u001b[0m\r';
    store.add('a', 0, 'out', raw);
    store.add('a', 0, 'err', raw);
    store.backfill([{ at: 1, app: 'a', id: 0, stream: 'out', raw: '\u001b[1Aold\u0008' }]);
    expect(store.recent({ lines: 3 }).map((l) => l.text)).toEqual(['red text', 'red text', 'old']);
    expect(store.stderrTail('a', 0)).toEqual(['red text']);
  });

  it('delivers a full batch at once, and the rest on close; nothing after close', () => {
    store = new LogStore({ ringSize: 5, maxBatchLines: 3, tailSize: 2 });
    const batches = follow(store);
    for (let i = 0; i < 7; i++) store.add('a', 0, 'err', `line ${i}`);
    expect(batches.map((b) => b.length)).toEqual([3, 3]);
    expect(store.stats().pendingPeak).toBe(3);
    expect(store.recent({ lines: 100 }).map((l) => l.text)).toEqual(['line 2', 'line 3', 'line 4', 'line 5', 'line 6']);
    expect(store.stderrTail('a', 0)).toEqual(['line 5', 'line 6']);
    store.close();
    expect(batches.map((b) => b.length)).toEqual([3, 3, 1]);
    store.add('a', 0, 'out', 'after close');
    expect(store.recent({ lines: 1 })[0]!.text).toBe('line 6');
    expect(batches).toHaveLength(3);
  });

  it('holds memory bounded under a flood: lines, characters, pending batch, tails', () => {
    store = new LogStore({ ringSize: 100, maxRingChars: 5000, maxBatchLines: 64, batchMs: 60_000, tailSize: 3 });
    let delivered = 0;
    store.onBatch((lines) => (delivered += lines.length));
    let peak = 0;
    for (let i = 0; i < 20_000; i++) {
      store.add('flood', i % 2000, 'err', `${i} ${'x'.repeat(i % 97)}`);
      const stats = store.stats();
      peak = Math.max(peak, stats.pendingLines);
      expect(stats.ringChars).toBeLessThanOrEqual(5000);
    }
    const stats = store.stats();
    expect(stats.ringLines).toBeLessThanOrEqual(100);
    expect(peak).toBeLessThan(64);
    expect(delivered + stats.pendingLines).toBe(20_000);
    expect(store.evicted).toBe(true);
    // 2000 workers wrote stderr in turn: only the 1024 tails made last are kept
    expect(store.stderrTail('flood', 975)).toEqual([]);
    expect(store.stderrTail('flood', 976)).toEqual([`18976 ${'x'.repeat(18976 % 97)}`]);
    expect(store.stderrTail('flood', 1999)).toEqual([`19999 ${'x'.repeat(19999 % 97)}`]);
    for (let i = 0; i < 10; i++) store.add('flood', 1999, 'err', `more ${i}`);
    expect(store.stderrTail('flood', 1999, 100)).toEqual(['more 7', 'more 8', 'more 9']);
  });

  it('drops the oldest lines past the character budget, keeping at least the newest', () => {
    store = new LogStore({ maxRingChars: 10 });
    for (const text of ['aaaa', 'bbbb', 'cccc']) store.add('a', 0, 'out', text);
    expect(store.recent({ lines: 10 }).map((l) => l.text)).toEqual(['bbbb', 'cccc']);
    expect(store.evicted).toBe(true);
    store.add('a', 0, 'out', 'y'.repeat(50));
    expect(store.recent({ lines: 10 }).map((l) => l.text)).toEqual(['y'.repeat(50)]);
  });

  it('answers recent() by target and stream, the n most recent matching, oldest first', () => {
    store = new LogStore();
    store.add('web', 0, 'out', 'w0');
    store.add('web', 1, 'err', 'w1');
    store.add('api', 0, 'out', 'a0');
    store.add('web', 0, 'err', 'w0e');
    expect(store.evicted).toBe(false);
    expect(store.recent({ lines: 10, target: 'web' }).map((l) => l.text)).toEqual(['w0', 'w1', 'w0e']);
    expect(store.recent({ lines: 10, target: 'web:0' }).map((l) => l.text)).toEqual(['w0', 'w0e']);
    expect(store.recent({ lines: 1, target: 'web', stream: 'err' }).map((l) => l.text)).toEqual(['w0e']);
    expect(store.recent({ lines: 2 }).map((l) => l.text)).toEqual(['a0', 'w0e']);
    expect(store.recent({ lines: 0 })).toEqual([]);
    expect(store.recent({ lines: 2.7, target: 'all' }).map((l) => l.text)).toEqual(['a0', 'w0e']);
  });

  it('forgets a slot or an app tail, but keeps their lines in the ring', () => {
    store = new LogStore();
    store.add('web', 0, 'err', 'e0');
    store.add('web', 1, 'err', 'e1');
    store.add('api', 0, 'err', 'x');
    store.forgetSlot('web', 1);
    expect(store.stderrTail('web', 1)).toEqual([]);
    expect(store.stderrTail('web', 0)).toEqual(['e0']);
    store.forgetApp('web');
    expect(store.stderrTail('web', 0)).toEqual([]);
    expect(store.stderrTail('api', 0)).toEqual(['x']);
    expect(store.recent({ lines: 10 }).map((l) => l.text)).toEqual(['e0', 'e1', 'x']);
  });

  it('keeps delivering to other listeners when one throws, and reports it', async () => {
    const errors: string[] = [];
    store = new LogStore({ batchMs: 5, onError: (m) => errors.push(m) });
    store.onBatch(() => {
      throw new Error('boom');
    });
    const batches = follow(store);
    store.add('a', 0, 'out', 'x');
    await waitFor(() => batches.length === 1);
    expect(errors).toEqual(['a log listener failed: boom']);
  });
});
