import { describe, expect, it } from 'vitest';
import { appendSamples } from '../../src/ui/metric-history.js';
import { app, worker } from './helpers/snapshots.js';

describe('appendSamples', () => {
  it('keeps the last N samples per worker and forgets workers that left', () => {
    let history = new Map();
    for (let i = 0; i < 100; i++) {
      history = appendSamples(history, { apps: [app('web', [worker(0, { cpu: i, memory: 1000 + i })])] }, 60);
    }
    expect(history.get('web:0')!.cpu).toHaveLength(60);
    expect(history.get('web:0')!.cpu.at(-1)).toBe(99);
    expect(history.get('web:0')!.memory[0]).toBe(1040);
    const next = appendSamples(history, { apps: [app('web', [worker(1)])] }, 60);
    expect([...next.keys()]).toEqual(['web:1']);
  });

  it('records a gap for a worker with no process or no memory reading yet', () => {
    const h = appendSamples(new Map(), { apps: [app('web', [worker(0, { pid: null }), worker(1, { memory: 0 })])] }, 60);
    expect(h.get('web:0')!.cpu[0]).toBeNaN();
    expect(h.get('web:1')!.memory[0]).toBeNaN();
    expect(h.get('web:1')!.cpu[0]).toBe(1.5);
  });

  it('never changes the arrays it was given', () => {
    const first = appendSamples(new Map(), { apps: [app('web', [worker(0)])] }, 60);
    const before = first.get('web:0')!.cpu;
    appendSamples(first, { apps: [app('web', [worker(0)])] }, 60);
    expect(before).toHaveLength(1);
  });
});
