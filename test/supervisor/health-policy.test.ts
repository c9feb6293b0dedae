// Health replacement rules (docs/supervision.md#memory-and-health) as pure functions: N samples in a row over a limit, the
// reason text, and giving up after max_restarts replacements without a healthy minute.
import { describe, expect, it } from 'vitest';
import {
  checkHealth,
  decideUnhealthy,
  HEALTHY_RESET_MS,
  initialHealthCounts,
  initialSlotHealth,
  noteSample,
  type SlotHealth,
} from '../../src/supervisor/health-policy.js';
import { toRuntimeSample } from '../../src/model/runtime-sample.js';
import type { RuntimeSample } from '../../src/model/types.js';

const spec = { maxEventLoopDelay: 100, maxHeap: 200 * 1048576, unhealthyChecks: 3 };

function sample(p99: number, heapUsed = 10 * 1048576): RuntimeSample {
  return toRuntimeSample({ sampledAt: new Date().toISOString(), eventLoopDelayP99Ms: p99, heapUsed })!;
}

describe('checkHealth', () => {
  it('is unhealthy after unhealthy_checks samples in a row over max_event_loop_delay, naming limit and value', () => {
    let counts = initialHealthCounts;
    const verdicts = [212, 150, 130].map((p99) => {
      const check = checkHealth(spec, counts, sample(p99));
      counts = check.counts;
      return check.unhealthy;
    });
    expect(verdicts.slice(0, 2)).toEqual([null, null]);
    expect(verdicts[2]).toBe('event-loop delay p99 130 ms > max_event_loop_delay 100 ms for 3 samples');
  });

  it('a sample under the limit starts the count again', () => {
    let counts = initialHealthCounts;
    for (const p99 of [150, 150, 90, 150, 150]) {
      const check = checkHealth(spec, counts, sample(p99));
      expect(check.unhealthy).toBeNull();
      counts = check.counts;
    }
    expect(counts.loop).toBe(2);
  });

  it('max_heap, and limits that are off (0) or unmeasured (null) never trigger', () => {
    let counts = initialHealthCounts;
    let reason: string | null = null;
    for (let i = 0; i < 3; i++) ({ counts, unhealthy: reason } = checkHealth(spec, counts, sample(5, 300 * 1048576)));
    expect(reason).toBe('heap used 300M > max_heap 200M for 3 samples');
    const off = { maxEventLoopDelay: 0, maxHeap: 0, unhealthyChecks: 1 };
    expect(checkHealth(off, initialHealthCounts, sample(5000, 1e12)).unhealthy).toBeNull();
    const unmeasured = toRuntimeSample({ sampledAt: new Date().toISOString() })!;
    expect(checkHealth({ ...spec, unhealthyChecks: 1 }, initialHealthCounts, unmeasured)).toMatchObject({ healthy: true, unhealthy: null });
  });
});

describe('replacements without a healthy minute', () => {
  it('replaces max_restarts times, then gives up with the reason', () => {
    let state = initialSlotHealth;
    for (let i = 0; i < 2; i++) {
      const d = decideUnhealthy(state, 2, 'too slow');
      expect(d.action).toBe('replace');
      state = d.state;
    }
    const last = decideUnhealthy(state, 2, 'too slow');
    expect(last.action).toBe('errored');
    expect(last.reason).toBe('too slow; replaced 2 times for health without a healthy minute (max_restarts 2)');
  });

  it('a healthy minute clears the count; an unhealthy sample restarts the minute', () => {
    let state: SlotHealth = { replacements: 2, healthySince: null };
    state = noteSample(state, true, 0);
    state = noteSample(state, true, HEALTHY_RESET_MS - 1);
    expect(state.replacements).toBe(2);
    state = noteSample(state, false, HEALTHY_RESET_MS);
    state = noteSample(state, true, HEALTHY_RESET_MS + 1);
    state = noteSample(state, true, 2 * HEALTHY_RESET_MS);
    expect(state.replacements).toBe(2);
    state = noteSample(state, true, 2 * HEALTHY_RESET_MS + 1);
    expect(state.replacements).toBe(0);
  });
});

describe('toRuntimeSample (untrusted IPC input)', () => {
  it('keeps finite non-negative numbers, nulls anything else, rejects a message without a time', () => {
    expect(toRuntimeSample({ clmon: 'runtime' })).toBeNull();
    expect(toRuntimeSample('x')).toBeNull();
    const s = toRuntimeSample({ sampledAt: '2026-01-01T00:00:00Z', heapUsed: 5, handles: -1, httpInFlight: 'many', gcMsPerSec: Infinity, extra: 1 })!;
    expect(s).toMatchObject({ sampledAt: '2026-01-01T00:00:00.000Z', heapUsed: 5, handles: null, httpInFlight: null, gcMsPerSec: null });
    expect(Object.keys(s)).toHaveLength(15);
    expect(s).not.toHaveProperty('extra');
  });
});
