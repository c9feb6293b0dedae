import { describe, expect, it } from 'vitest';
import { fit, formatBytes, formatCountdown, formatCpu, formatDuration, wrapText } from '../../src/ui/format.js';

describe('format', () => {
  it('durations', () => {
    expect(formatDuration(850)).toBe('850ms');
    expect(formatDuration(45_000)).toBe('45s');
    expect(formatDuration(192_000)).toBe('3m12s');
    expect(formatDuration(2 * 3600_000 + 5 * 60_000)).toBe('2h05m');
    expect(formatDuration(3 * 86400_000 + 4 * 3600_000)).toBe('3d04h');
    expect(formatDuration(-1)).toBe('-');
  });

  it('bytes, cpu and countdowns', () => {
    expect(formatBytes(512)).toBe('512B');
    expect(formatBytes(48.3 * 1024 * 1024)).toBe('48.3M');
    expect(formatBytes(150 * 1024 * 1024)).toBe('150M');
    expect(formatBytes(1.25 * 1024 ** 3)).toBe('1.3G');
    expect(formatCpu(0.72)).toBe('0.7%');
    expect(formatCpu(55.5)).toBe('56%');
    expect(formatCountdown(2349)).toBe('2.3s');
    expect(formatCountdown(-5)).toBe('0.0s');
  });

  it('fit pads and cuts to the exact width', () => {
    expect(fit('ab', 4)).toBe('ab  ');
    expect(fit('ab', 4, 'right')).toBe('  ab');
    expect(fit('abcdef', 4)).toBe('abc…');
    expect(fit('abc', 0)).toBe('');
  });

  it('wrapText breaks at spaces and cuts long words', () => {
    expect(wrapText('one two three', 7)).toEqual(['one two', 'three']);
    expect(wrapText('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
    expect(wrapText('short', 10)).toEqual(['short']);
  });
});
