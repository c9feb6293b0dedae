// The metrics part of the worker helper (docs/supervision.md#runtime-metrics): measured inside the worker, with no code
// change in the app, and sent to the supervisor once a second as `{ clmon: 'runtime', ... }`.
//
// Why each choice (measured: docs/supervision.md#runtime-metrics, bench/scenarios/runtime-metrics.mjs):
// - monitorEventLoopDelay at a coarse resolution: a 1 ms timer wakes an idle loop a thousand
//   times a second (nodejs/node#56064); at 10 ms a blocked loop still shows its full delay.
// - HTTP through the diagnostics channel `http.server.request.start` plus one shared 'close'
//   listener per response: no wrapping of the app's handlers; 'close' fires for finished and for
//   aborted responses alike, so the in-flight count never drifts. Nothing else is added to every
//   response: counted in instructions per request (valgrind, docs/supervision.md#runtime-metrics),
//   timing every request (a start time stored on each response, two clock reads, a histogram
//   record) cost about as much again as counting it. So latency is timed on a sample: every
//   request up to ~LATENCY_SAMPLES a second, one in N above, which keeps p50/p99 meaningful.
// - GC time through a PerformanceObserver ('gc'). v8.GCProfiler, tried in its place, collects
//   heap statistics around every collection and cost several times more under load.
// - Bounded memory: two fixed-size histograms and a few counters, reset every second.
// - Nothing here may throw into the app, keep it alive (timers unref'd) or touch its IPC messages.
import { createHistogram, monitorEventLoopDelay, performance, PerformanceObserver } from 'node:perf_hooks';
import diagnostics = require('node:diagnostics_channel');
import http = require('node:http');
import https = require('node:https');
import net = require('node:net');
import v8 = require('node:v8');
import { report } from './helper-ipc.cjs';

const SAMPLE_MS = Number(process.env.CLMON_METRICS_INTERVAL_MS) || 1000;
/** Event-loop delay resolution (ms): coarse on purpose, see above. */
const LOOP_RESOLUTION_MS = 10;
/** Longest HTTP latency the histogram tells apart (µs): one minute. */
const MAX_LATENCY_US = 60_000_000;
/** About how many requests a second are timed for the latency percentiles (env: for bench/per-request only). */
const LATENCY_SAMPLES = Number(process.env.CLMON_METRICS_LATENCY_SAMPLES) || 256;

const loopDelay = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
const latency = createHistogram({ lowest: 1, highest: MAX_LATENCY_US, figures: 2 });
let lastElu = performance.eventLoopUtilization();
let lastSampleAt = performance.now();
let gcMs = 0;
let sawHttp = false;
let requests = 0;
let errors5xx = 0;
let inFlight = 0;
/** Time one request in `timeEvery` (1 at low rates), set from the last second's rate. */
let timeEvery = 1;
let untilTimed = 1;

start();

function start(): void {
  try {
    loopDelay.enable();
    observeGc();
    observeHttp();
    const timer = setInterval(sample, SAMPLE_MS);
    timer.unref();
  } catch {
    // a Node without one of these: the app runs on, unmeasured
  }
}

function observeGc(): void {
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gcMs += entry.duration;
  });
  observer.observe({ entryTypes: ['gc'] });
}

function observeHttp(): void {
  diagnostics.subscribe('http.server.request.start', onRequestStart);
  // An HTTP(S) server that listens counts as one even before its first request (0 req/s, not null).
  for (const Server of [http.Server, https.Server]) {
    const proto = Server.prototype as { listen: (...args: unknown[]) => unknown };
    // Wraps whatever listen is there (the drain helper's registration, loaded first, included).
    const base = proto.listen as typeof net.Server.prototype.listen;
    proto.listen = function (this: unknown, ...args: unknown[]) {
      sawHttp = true;
      return base.apply(this as net.Server, args as never);
    };
  }
}

function onRequestStart(message: unknown): void {
  const res = (message as { response?: http.ServerResponse }).response;
  if (!res) return;
  sawHttp = true;
  inFlight++;
  res.on('close', onResponseClose);
  if (--untilTimed === 0) {
    untilTimed = timeEvery;
    timeResponse(res);
  }
}

function onResponseClose(this: http.ServerResponse): void {
  inFlight--;
  if (!this.writableFinished) return; // aborted: not an answer
  requests++;
  if (this.statusCode >= 500) errors5xx++;
}

/** Time one response (a closure of its own: nothing is stored on the response). */
function timeResponse(res: http.ServerResponse): void {
  const startedAt = performance.now();
  res.on('finish', () => {
    const us = Math.round((performance.now() - startedAt) * 1000);
    latency.record(Math.min(Math.max(us, 1), MAX_LATENCY_US));
  });
}

function sample(): void {
  try {
    const now = performance.now();
    const seconds = Math.max((now - lastSampleAt) / 1000, 0.001);
    lastSampleAt = now;
    const elu = performance.eventLoopUtilization(lastElu);
    lastElu = performance.eventLoopUtilization();
    const heap = v8.getHeapStatistics();
    const hasLoop = loopDelay.count > 0;
    const hasLatency = latency.count > 0;
    report('runtime', {
      sampledAt: new Date().toISOString(),
      eventLoopDelayP50Ms: hasLoop ? ms(loopDelay.percentile(50)) : null,
      eventLoopDelayP99Ms: hasLoop ? ms(loopDelay.percentile(99)) : null,
      eventLoopDelayMaxMs: hasLoop ? ms(loopDelay.max) : null,
      eventLoopUtilization: round(elu.utilization, 3),
      heapUsed: heap.used_heap_size,
      heapTotal: heap.total_heap_size,
      heapLimit: heap.heap_size_limit,
      gcMsPerSec: round(gcMs / seconds, 2),
      handles: process.getActiveResourcesInfo().length,
      httpRequestsPerSec: sawHttp ? round(requests / seconds, 2) : null,
      httpInFlight: sawHttp ? Math.max(0, inFlight) : null,
      httpLatencyP50Ms: hasLatency ? round(latency.percentile(50) / 1000, 2) : null,
      httpLatencyP99Ms: hasLatency ? round(latency.percentile(99) / 1000, 2) : null,
      http5xxPerSec: sawHttp ? round(errors5xx / seconds, 2) : null,
      // exact counts since the last sample, for the supervisor's `_total` counters
      counts: { httpRequests: requests, http5xx: errors5xx, gcMs: round(gcMs, 3) },
    });
  } catch {
    // never into the app
  } finally {
    loopDelay.reset();
    latency.reset();
    gcMs = 0;
    timeEvery = Math.max(1, Math.floor(requests / LATENCY_SAMPLES));
    untilTimed = Math.min(untilTimed, timeEvery);
    requests = 0;
    errors5xx = 0;
  }
}

/** A loop-delay histogram value (ns) as ms of delay: it records the whole timer interval, resolution included. */
function ms(ns: number): number {
  return round(Math.max(0, ns / 1e6 - LOOP_RESOLUTION_MS), 2);
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
