// A snapshot as Prometheus metric families (docs/supervision.md#metrics-endpoint): base units (seconds, bytes), `_total`
// counters, labels `app` and `worker` (the slot). A figure the worker cannot measure is left
// out rather than exported as a made-up zero.
import type { AppInfo, RuntimeSample, Snapshot, WorkerCounters, WorkerInfo } from '../model/types.js';
import type { Family, MetricType, Sample } from './prometheus-text.js';

type Pick = (w: WorkerInfo, app: AppInfo) => number | null | undefined;

interface Spec {
  name: string;
  help: string;
  type: MetricType;
  value: Pick;
}

const runtime =
  (read: (r: RuntimeSample) => number | null, scale = 1): Pick =>
  (w) => {
    const value = w.runtime ? read(w.runtime) : null;
    return value === null ? null : value * scale;
  };
const MS = 1 / 1000;

/** One of the slot's monotonic totals; none before the slot has counted anything. */
const counter =
  (read: (c: WorkerCounters) => number): Pick =>
  (w) =>
    w.counters ? read(w.counters) : null;

const WORKER_METRICS: Spec[] = [
  { name: 'clmon_worker_up', help: 'Whether the worker is online (1) or not (0).', type: 'gauge', value: (w) => (w.status === 'online' ? 1 : 0) },
  { name: 'clmon_worker_restarts_total', help: 'Restarts of the worker slot.', type: 'counter', value: (w) => w.restarts },
  {
    name: 'clmon_worker_cpu_seconds_total',
    help: "CPU time (user and system) used by the slot's processes.",
    type: 'counter',
    value: counter((c) => c.cpuSeconds),
  },
  {
    name: 'clmon_worker_resident_memory_bytes',
    help: 'Resident set size of the worker process.',
    type: 'gauge',
    value: (w) => (w.pid !== null ? w.memory : null),
  },
  {
    name: 'clmon_worker_uptime_seconds',
    help: 'Time since the worker process started.',
    type: 'gauge',
    value: (w) => (w.pid !== null ? w.uptimeMs * MS : null),
  },
  {
    name: 'clmon_worker_eventloop_delay_p50_seconds',
    help: 'Event-loop delay, median over the last second.',
    type: 'gauge',
    value: runtime((r) => r.eventLoopDelayP50Ms, MS),
  },
  {
    name: 'clmon_worker_eventloop_delay_p99_seconds',
    help: 'Event-loop delay, 99th percentile over the last second.',
    type: 'gauge',
    value: runtime((r) => r.eventLoopDelayP99Ms, MS),
  },
  {
    name: 'clmon_worker_eventloop_delay_max_seconds',
    help: 'Event-loop delay, maximum over the last second.',
    type: 'gauge',
    value: runtime((r) => r.eventLoopDelayMaxMs, MS),
  },
  {
    name: 'clmon_worker_eventloop_utilization_ratio',
    help: 'Event-loop utilization over the last second (0 to 1).',
    type: 'gauge',
    value: runtime((r) => r.eventLoopUtilization),
  },
  { name: 'clmon_worker_heap_used_bytes', help: 'V8 heap used.', type: 'gauge', value: runtime((r) => r.heapUsed) },
  { name: 'clmon_worker_heap_total_bytes', help: 'V8 heap allocated.', type: 'gauge', value: runtime((r) => r.heapTotal) },
  { name: 'clmon_worker_heap_limit_bytes', help: 'V8 heap size limit.', type: 'gauge', value: runtime((r) => r.heapLimit) },
  {
    name: 'clmon_worker_gc_seconds_total',
    help: "Time spent in garbage collection by the slot's processes.",
    type: 'counter',
    value: counter((c) => c.gcSeconds),
  },
  { name: 'clmon_worker_active_handles', help: 'Active handles and requests keeping the event loop alive.', type: 'gauge', value: runtime((r) => r.handles) },
  {
    name: 'clmon_worker_http_requests_total',
    help: "HTTP(S) requests answered by the slot's processes.",
    type: 'counter',
    value: counter((c) => c.httpRequests),
  },
  {
    name: 'clmon_worker_http_responses_5xx_total',
    help: 'HTTP(S) answers with a 5xx status.',
    type: 'counter',
    value: counter((c) => c.http5xx),
  },
  { name: 'clmon_worker_http_requests_in_flight', help: 'HTTP(S) requests being answered now.', type: 'gauge', value: runtime((r) => r.httpInFlight) },
  {
    name: 'clmon_worker_http_latency_p50_seconds',
    help: 'HTTP(S) latency, median over the last second.',
    type: 'gauge',
    value: runtime((r) => r.httpLatencyP50Ms, MS),
  },
  {
    name: 'clmon_worker_http_latency_p99_seconds',
    help: 'HTTP(S) latency, 99th percentile over the last second.',
    type: 'gauge',
    value: runtime((r) => r.httpLatencyP99Ms, MS),
  },
];

/** Every family of `snapshot`, plus the per-app instance count. */
export function metricFamilies(snapshot: Snapshot): Family[] {
  const families: Family[] = WORKER_METRICS.map((spec) => ({ name: spec.name, help: spec.help, type: spec.type, samples: [] as Sample[] }));
  const configured: Family = { name: 'clmon_app_instances', help: 'Configured number of workers of the app.', type: 'gauge', samples: [] };
  for (const app of snapshot.apps) {
    configured.samples.push({ labels: { app: app.name }, value: app.instances });
    for (const w of app.workers) {
      const labels = { app: app.name, worker: String(w.id) };
      WORKER_METRICS.forEach((spec, i) => {
        const value = spec.value(w, app);
        if (typeof value === 'number' && Number.isFinite(value)) families[i]!.samples.push({ labels, value: round(value) });
      });
    }
  }
  return [configured, ...families];
}

/** Enough digits for every unit here, without float noise such as 0.15000000000000002. */
function round(value: number): number {
  return Number(value.toPrecision(12));
}
