// Slot inference for a foreign process tree: stable slots, lowest free slot for a new child,
// and a refilled slot counted as a restart.
import { describe, expect, it } from 'vitest';
import { SlotTracker } from '../../../src/sources/pid/slot-tracker.js';

const view = (t: SlotTracker) => t.list().map((s) => [s.id, s.pid, s.restarts]);

describe('slot tracker', () => {
  it('numbers the first children in pid order, without restarts', () => {
    const t = new SlotTracker();
    expect(t.update([30, 10, 20])).toEqual({
      vacated: [],
      filled: [
        { id: 0, pid: 10, restart: false },
        { id: 1, pid: 20, restart: false },
        { id: 2, pid: 30, restart: false },
      ],
    });
    expect(t.slotOf(20)).toBe(1);
  });

  it('gives a replacement the freed slot and counts a restart', () => {
    const t = new SlotTracker();
    t.update([10, 20]);
    expect(t.update([20, 40])).toEqual({ vacated: [{ id: 0, pid: 10 }], filled: [{ id: 0, pid: 40, restart: true }] });
    expect(view(t)).toEqual([
      [0, 40, 1],
      [1, 20, 0],
    ]);
  });

  it('keeps a vacant slot until a child appears, then fills the lowest one first', () => {
    const t = new SlotTracker();
    t.update([10, 20, 30]);
    t.update([10]);
    expect(view(t)).toEqual([
      [0, 10, 0],
      [1, null, 0],
      [2, null, 0],
    ]);
    t.update([10, 50]);
    expect(view(t)).toEqual([
      [0, 10, 0],
      [1, 50, 1],
      [2, null, 0],
    ]);
    t.update([10, 50, 60, 70]);
    expect(view(t)).toEqual([
      [0, 10, 0],
      [1, 50, 1],
      [2, 60, 1],
      [3, 70, 0],
    ]);
  });
});
