// Health replacement (docs/supervision.md#memory-and-health) as pure functions: each runtime sample of a worker is checked
// against max_event_loop_delay and max_heap; `unhealthy_checks` samples in a row over one limit
// make the worker unhealthy. A slot replaced for health max_restarts times without a healthy
// minute in between is given up on (errored), as a crash loop would be.
import type { AppSpec, RuntimeSample } from '../model/types.js';
import { formatBytes } from '../format.js';

/** A run of healthy samples this long clears a slot's count of health replacements. */
export const HEALTHY_RESET_MS = 60_000;

type HealthSpec = Pick<AppSpec, 'maxEventLoopDelay' | 'maxHeap' | 'unhealthyChecks'>;

/** Per process: samples in a row over each limit. */
export interface HealthCounts {
  loop: number;
  heap: number;
}

export const initialHealthCounts: HealthCounts = { loop: 0, heap: 0 };

export interface HealthCheck {
  counts: HealthCounts;
  /** Over no limit in this sample. */
  healthy: boolean;
  /** Set once a limit was exceeded `unhealthy_checks` times in a row: which, by how much. */
  unhealthy: string | null;
}

/** Does the spec set any health limit? */
export function hasHealthLimits(spec: HealthSpec): boolean {
  return spec.maxEventLoopDelay > 0 || spec.maxHeap > 0;
}

/** Check one sample. */
export function checkHealth(spec: HealthSpec, counts: HealthCounts, sample: RuntimeSample): HealthCheck {
  const p99 = sample.eventLoopDelayP99Ms;
  const heap = sample.heapUsed;
  const loopOver = spec.maxEventLoopDelay > 0 && p99 !== null && p99 > spec.maxEventLoopDelay;
  const heapOver = spec.maxHeap > 0 && heap !== null && heap > spec.maxHeap;
  const next = { loop: loopOver ? counts.loop + 1 : 0, heap: heapOver ? counts.heap + 1 : 0 };
  const n = spec.unhealthyChecks;
  let unhealthy: string | null = null;
  if (loopOver && next.loop >= n) {
    unhealthy = `event-loop delay p99 ${Math.round(p99!)} ms > max_event_loop_delay ${spec.maxEventLoopDelay} ms for ${n} ${samples(n)}`;
  } else if (heapOver && next.heap >= n) {
    unhealthy = `heap used ${formatBytes(heap!)} > max_heap ${formatBytes(spec.maxHeap)} for ${n} ${samples(n)}`;
  }
  return { counts: next, healthy: !loopOver && !heapOver, unhealthy };
}

/** Per slot: health replacements since the last healthy minute. */
export interface SlotHealth {
  replacements: number;
  /** ms since the epoch of the first sample of the current healthy run; null when not healthy. */
  healthySince: number | null;
}

export const initialSlotHealth: SlotHealth = { replacements: 0, healthySince: null };

/** Account for one sample's verdict; a healthy minute clears the count. */
export function noteSample(state: SlotHealth, healthy: boolean, now: number): SlotHealth {
  if (!healthy) return { ...state, healthySince: null };
  const since = state.healthySince ?? now;
  return { replacements: now - since >= HEALTHY_RESET_MS ? 0 : state.replacements, healthySince: since };
}

/** What to do with an unhealthy worker: replace it, or give up after max_restarts replacements. */
export function decideUnhealthy(state: SlotHealth, maxRestarts: number, reason: string): { action: 'replace' | 'errored'; reason: string; state: SlotHealth } {
  if (state.replacements >= maxRestarts) {
    return {
      action: 'errored',
      reason: `${reason}; replaced ${state.replacements} ${state.replacements === 1 ? 'time' : 'times'} for health without a healthy minute (max_restarts ${maxRestarts})`,
      state,
    };
  }
  return { action: 'replace', reason, state: { replacements: state.replacements + 1, healthySince: null } };
}

function samples(n: number): string {
  return n === 1 ? 'sample' : 'samples';
}
