// Per-worker series for the sparklines (CPU, memory, and from inside the worker event-loop delay
// p99 and HTTP requests per second, docs/supervision.md#runtime-metrics): one sample a second, the last 60 kept.
import type { Snapshot } from '../model/types.js';

/** Samples oldest first; NaN where there was nothing to measure. */
export interface WorkerHistory {
  readonly cpu: readonly number[];
  readonly memory: readonly number[];
  /** Event-loop delay p99, ms (NaN: no helper, or no sample yet). */
  readonly loop?: readonly number[];
  /** HTTP requests per second. */
  readonly requests?: readonly number[];
}

/** The key of a worker in maps and selections: `app:id`, as targets are written (docs/json.md). */
export function workerKey(app: string, id: number): string {
  return `${app}:${id}`;
}

/**
 * Add one sample per worker of the snapshot; workers no longer listed lose their history.
 * Returns new arrays only (published state is never mutated).
 */
export function appendSamples(previous: ReadonlyMap<string, WorkerHistory>, snapshot: Snapshot, length: number): Map<string, WorkerHistory> {
  const next = new Map<string, WorkerHistory>();
  for (const app of snapshot.apps) {
    for (const w of app.workers) {
      const key = workerKey(app.name, w.id);
      const old = previous.get(key);
      // NaN = no sample (no process, or RSS not measured yet): drawn as a gap, not as zero
      next.set(key, {
        cpu: append(old?.cpu, w.pid === null ? NaN : w.cpu, length),
        memory: append(old?.memory, w.pid === null || !(w.memory > 0) ? NaN : w.memory, length),
        loop: append(old?.loop, w.runtime?.eventLoopDelayP99Ms ?? NaN, length),
        requests: append(old?.requests, w.runtime?.httpRequestsPerSec ?? NaN, length),
      });
    }
  }
  return next;
}

function append(series: readonly number[] | undefined, value: number | null, length: number): number[] {
  const base = series ?? [];
  const from = Math.max(0, base.length + 1 - length);
  const out = base.slice(from);
  out.push(value !== null && Number.isFinite(value) ? value : NaN);
  return out;
}
