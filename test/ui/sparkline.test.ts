import { describe, expect, it } from 'vitest';
import { sparkline } from '../../src/ui/sparkline.js';

describe('sparkline', () => {
  it('draws one block per sample, newest on the right', () => {
    expect(sparkline([0, 25, 50, 75, 100], 5, 5)).toBe('▁▃▅▆█');
  });

  it('pads on the left until the window is full', () => {
    expect(sparkline([100], 4, 4)).toBe('   █');
    expect(sparkline([], 3)).toBe('   ');
  });

  it('keeps only the last `window` samples', () => {
    expect(sparkline([100, 100, 0, 0], 2, 2)).toBe('▁▁');
  });

  it('squeezes 60 samples into fewer cells, keeping peaks', () => {
    const samples = Array.from({ length: 60 }, (_, i) => (i === 30 ? 100 : 0));
    const out = sparkline(samples, 10);
    expect(out).toHaveLength(10);
    expect(out).toBe('▁▁▁▁▁█▁▁▁▁');
  });

  it('pads a column wider than the window', () => {
    expect(sparkline([0, 2], 5, 2)).toBe('   ▁█');
  });

  it('keeps idle noise flat with a minimum ceiling', () => {
    expect(sparkline([0.1, 0.2, 0.1], 3, 3, { minCeiling: 10 })).toBe('▁▁▁');
  });

  it('draws a flat memory series mid-height and a growing one in full', () => {
    expect(sparkline([50, 50, 50], 3, 3, { fromMin: true })).toBe('▅▅▅');
    expect(sparkline([50, 75, 100], 3, 3, { fromMin: true })).toBe('▁▅█');
  });

  it('leaves gaps where there was nothing to measure', () => {
    expect(sparkline([NaN, 100, NaN, 100], 4, 4)).toBe(' █ █');
    expect(sparkline([NaN, NaN], 2, 2)).toBe('  ');
  });

  it('draws nothing in no room', () => {
    expect(sparkline([1, 2, 3], 0)).toBe('');
  });
});
