import { describe, expect, it } from 'vitest';
import { LOG_RING_MAX_CHARS, LogRing } from '../../src/ui/log-ring.js';
import { logLine } from './helpers/snapshots.js';

const texts = (ring: LogRing): string[] => ring.toArray().map((l) => l.text);
const lines = (n: number, from = 0) => Array.from({ length: n }, (_, i) => logLine('web', 0, String(from + i)));

describe('LogRing', () => {
  it('keeps the newest lines in order as it wraps', () => {
    const ring = new LogRing(3);
    ring.push(lines(2));
    ring.push(lines(2, 2));
    expect(texts(ring)).toEqual(['1', '2', '3']);
    expect(ring.size).toBe(3);
    expect(ring.oldestSeq()).toBe(ring.toArray()[0]!.seq);
  });

  it('keeps only the tail of a batch larger than itself', () => {
    const ring = new LogRing(3);
    ring.push(lines(10));
    expect(texts(ring)).toEqual(['7', '8', '9']);
  });

  it('hands out copies and counts versions', () => {
    const ring = new LogRing(3);
    const v = ring.version;
    ring.push(lines(1));
    const copy = ring.toArray();
    ring.push(lines(1, 1));
    expect(copy).toHaveLength(1);
    expect(ring.version).toBeGreaterThan(v);
    ring.push([]);
    expect(ring.version).toBe(v + 2);
  });

  it('resets to the newest lines given', () => {
    const ring = new LogRing(2);
    ring.push(lines(2));
    ring.reset(lines(3, 10));
    expect(texts(ring)).toEqual(['11', '12']);
    expect(new LogRing(2).oldestSeq()).toBeUndefined();
  });

  it('is bounded in characters too: the oldest lines go first, the newest stays', () => {
    const big = (n: number, from = 0) => Array.from({ length: n }, (_, i) => logLine('web', 0, String(from + i).padEnd(1000, 'x')));
    const ring = new LogRing(5000, 10_000);
    ring.push(big(25));
    expect(ring.size).toBe(10);
    expect(ring.chars).toBe(10_000);
    expect(texts(ring)[0]!.startsWith('15')).toBe(true);
    ring.push(big(3, 100));
    expect(ring.size).toBe(10);
    expect(texts(ring).at(-1)!.startsWith('102')).toBe(true);
    // one line over the budget is still shown
    ring.push([logLine('web', 0, 'y'.repeat(20_000))]);
    expect(ring.size).toBe(1);
    ring.reset(lines(3));
    expect(ring.chars).toBe(3);
  });

  it('by default holds at most 8 Mi characters of 64 KiB lines', () => {
    const ring = new LogRing(5000);
    const line = 'z'.repeat(64 * 1024);
    for (let i = 0; i < 50; i++) ring.push(Array.from({ length: 10 }, () => logLine('web', 0, line)));
    expect(ring.size).toBe(128);
    expect(ring.chars).toBeLessThanOrEqual(LOG_RING_MAX_CHARS);
  });
});
