// How numbers look to people: one set of renderings for the CLI and the TUI.
import { describe, expect, it } from 'vitest';
import { formatBytes, formatCountdown, formatCpu, formatDuration, formatStatus } from '../src/format.js';

describe('format units', () => {
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

  it('status with the countdown of a waiting worker, as the CLI and the TUI both show it', () => {
    const waiting = { id: 0, pid: null, status: 'waiting' as const, restarts: 3, uptimeMs: 0, cpu: 0, memory: 0, lastExit: null, restartInMs: 2349 };
    expect(formatStatus(waiting)).toBe('waiting 2.3s');
    expect(formatStatus(waiting, 1000)).toBe('waiting 1.3s');
    expect(formatStatus({ ...waiting, status: 'online', pid: 1 })).toBe('online');
  });
});
