import { describe, expect, it } from 'vitest';
import { LogRing } from '../../src/ui/log-ring.js';
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
});
