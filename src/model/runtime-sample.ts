// The `runtime` object of docs/supervision.md#runtime-metrics, field by field: the supervisor reads it from a worker's IPC
// message (untrusted: the app shares the channel and could send anything), and `ls --json` /
// `describe --json` print it in exactly this shape whichever source produced the snapshot.
import type { RuntimeSample } from './types.js';

/** The numeric fields, in the order docs/supervision.md#runtime-metrics lists them. */
export const RUNTIME_NUMBERS = [
  'eventLoopDelayP50Ms',
  'eventLoopDelayP99Ms',
  'eventLoopDelayMaxMs',
  'eventLoopUtilization',
  'heapUsed',
  'heapTotal',
  'heapLimit',
  'gcMsPerSec',
  'handles',
  'httpRequestsPerSec',
  'httpInFlight',
  'httpLatencyP50Ms',
  'httpLatencyP99Ms',
  'http5xxPerSec',
] as const satisfies readonly (keyof RuntimeSample)[];

/** A well-formed sample from `raw`, or null: numbers must be finite and ≥ 0, anything else is null. */
export function toRuntimeSample(raw: unknown): RuntimeSample | null {
  if (!raw || typeof raw !== 'object') return null;
  const r = raw as Record<string, unknown>;
  const at = typeof r.sampledAt === 'string' ? Date.parse(r.sampledAt) : NaN;
  if (!Number.isFinite(at)) return null;
  const sample = { sampledAt: new Date(at).toISOString() } as RuntimeSample;
  for (const key of RUNTIME_NUMBERS) {
    const value = r[key];
    sample[key] = typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null;
  }
  return sample;
}
