import { describe, expect, it } from 'vitest';
import { RingBuffer } from '../../src/logs/ring-buffer.js';

describe('RingBuffer', () => {
  it('keeps items in order until full', () => {
    const ring = new RingBuffer<number>(3);
    expect(ring.toArray()).toEqual([]);
    expect(ring.push(1)).toBeUndefined();
    ring.push(2);
    expect(ring.size).toBe(2);
    expect(ring.toArray()).toEqual([1, 2]);
  });

  it('evicts the oldest item once full and returns it', () => {
    const ring = new RingBuffer<number>(3);
    for (const n of [1, 2, 3]) ring.push(n);
    expect(ring.push(4)).toBe(1);
    expect(ring.push(5)).toBe(2);
    expect(ring.size).toBe(3);
    expect(ring.toArray()).toEqual([3, 4, 5]);
  });

  it('stays bounded over many pushes', () => {
    const ring = new RingBuffer<number>(100);
    for (let i = 0; i < 100_000; i++) ring.push(i);
    expect(ring.size).toBe(100);
    expect(ring.get(0)).toBe(99_900);
    expect(ring.get(99)).toBe(99_999);
    expect(ring.get(100)).toBeUndefined();
  });

  it('last(n) gives the newest n, oldest first, clamped', () => {
    const ring = new RingBuffer<number>(4);
    for (let i = 1; i <= 6; i++) ring.push(i);
    expect(ring.last(2)).toEqual([5, 6]);
    expect(ring.last(10)).toEqual([3, 4, 5, 6]);
    expect(ring.last(0)).toEqual([]);
    expect(ring.last(-1)).toEqual([]);
  });

  it('shift removes the oldest, and clear empties it', () => {
    const ring = new RingBuffer<string>(2);
    ring.push('a');
    ring.push('b');
    ring.push('c');
    expect(ring.shift()).toBe('b');
    expect(ring.toArray()).toEqual(['c']);
    ring.push('d');
    ring.push('e');
    expect(ring.toArray()).toEqual(['d', 'e']);
    ring.clear();
    expect(ring.size).toBe(0);
    expect(ring.shift()).toBeUndefined();
    ring.push('f');
    expect(ring.toArray()).toEqual(['f']);
  });

  it('rejects a capacity below 1', () => {
    expect(() => new RingBuffer(0)).toThrow(/capacity/);
    expect(() => new RingBuffer(1.5)).toThrow(/capacity/);
  });
});
