// The pure parts of the metrics endpoint (docs/supervision.md#metrics-endpoint): the --metrics value, the exposition text,
// readiness. promtool checks the text of a real supervisor in metrics-endpoint.test.ts.
import { describe, expect, it } from 'vitest';
import { formatMetricsAddress, parseMetricsAddress } from '../../src/endpoint/metrics-address.js';
import { metricFamilies } from '../../src/endpoint/metric-families.js';
import { writeExposition } from '../../src/endpoint/prometheus-text.js';
import { notReadyApps } from '../../src/endpoint/readiness.js';
import type { AppInfo, WorkerInfo } from '../../src/model/types.js';

describe('--metrics [host:]port', () => {
  it.each([
    ['9100', '127.0.0.1', 9100],
    ['0.0.0.0:9100', '0.0.0.0', 9100],
    ['localhost:8080', 'localhost', 8080],
    ['[::1]:9100', '::1', 9100],
  ])('%s', (value, host, port) => {
    expect(parseMetricsAddress(value)).toEqual({ host, port });
  });

  it.each(['', 'abc', '99999', '0', ':9100', '127.0.0.1:', '[::1]9100', '[nothost]:9100', 'a b:9100', '-x:1'])(
    '%j is exit 2 naming the value and the accepted forms',
    (value) => {
      expect(() => parseMetricsAddress(value)).toThrow(`--metrics ${JSON.stringify(value)} is not valid; use a port (9100), host:port (127.0.0.1:9100`);
      try {
        parseMetricsAddress(value);
      } catch (err) {
        expect((err as { exitCode: number }).exitCode).toBe(2);
      }
    },
  );

  it('formats back as written', () => {
    expect(formatMetricsAddress({ host: '::1', port: 9 })).toBe('[::1]:9');
    expect(formatMetricsAddress(parseMetricsAddress('9100'))).toBe('127.0.0.1:9100');
  });
});

function worker(over: Partial<WorkerInfo>): WorkerInfo {
  return { id: 0, pid: 10, status: 'online', restarts: 0, uptimeMs: 1500, cpu: 1, memory: 1000, lastExit: null, ...over };
}

function app(name: string, workers: WorkerInfo[]): AppInfo {
  return { name, mode: 'cluster', instances: workers.length, source: 'run', workers };
}

describe('exposition', () => {
  it('escapes label values, writes HELP/TYPE once per family, leaves unmeasured figures out', () => {
    const text = writeExposition(
      metricFamilies({ apps: [app('we"b\\\n', [worker({ runtime: null, counters: { cpuSeconds: 1.5, httpRequests: 3, http5xx: 0, gcSeconds: 0.01 } })])] }),
    );
    expect(text).toContain('clmon_worker_up{app="we\\"b\\\\\\n",worker="0"} 1\n');
    expect(text.match(/# TYPE clmon_worker_up gauge/g)).toHaveLength(1);
    expect(text).toContain('clmon_worker_cpu_seconds_total{app="we\\"b\\\\\\n",worker="0"} 1.5\n');
    expect(text).toContain('clmon_worker_http_requests_total{app="we\\"b\\\\\\n",worker="0"} 3\n');
    expect(text).not.toContain('clmon_worker_heap_used_bytes'); // no runtime sample: not a made-up 0
  });

  it('times in seconds, sizes in bytes', () => {
    const runtime = {
      sampledAt: new Date().toISOString(),
      eventLoopDelayP50Ms: 1,
      eventLoopDelayP99Ms: 150,
      eventLoopDelayMaxMs: 151,
      eventLoopUtilization: 0.5,
      heapUsed: 2048,
      heapTotal: 4096,
      heapLimit: 8192,
      gcMsPerSec: 3,
      handles: 4,
      httpRequestsPerSec: 10,
      httpInFlight: 2,
      httpLatencyP50Ms: 0.3,
      httpLatencyP99Ms: 12,
      http5xxPerSec: 0,
    };
    const text = writeExposition(metricFamilies({ apps: [app('web', [worker({ runtime })])] }));
    expect(text).toContain('clmon_worker_eventloop_delay_p99_seconds{app="web",worker="0"} 0.15\n');
    expect(text).toContain('clmon_worker_heap_used_bytes{app="web",worker="0"} 2048\n');
    expect(text).toContain('clmon_worker_http_latency_p99_seconds{app="web",worker="0"} 0.012\n');
    expect(text).toContain('clmon_worker_http_requests_in_flight{app="web",worker="0"} 2\n');
  });
});

describe('readiness', () => {
  it('every app not stopped by the user needs an online worker', () => {
    const manual = { at: '', code: 0, signal: null, uptimeMs: 1, cause: 'manual' as const };
    const crash = { ...manual, cause: 'crash' as const };
    const snapshot = {
      apps: [
        app('up', [worker({ status: 'online' }), worker({ id: 1, status: 'errored' })]),
        app('stopped', [worker({ status: 'stopped', pid: null, lastExit: manual })]),
        app('down', [worker({ status: 'errored', pid: null, lastExit: crash }), worker({ id: 1, status: 'waiting', pid: null, lastExit: crash })]),
        app('ended', [worker({ status: 'stopped', pid: null, lastExit: crash })]),
        app('starting', [worker({ status: 'launching' })]),
      ],
    };
    expect(notReadyApps(snapshot)).toEqual([
      { app: 'down', online: 0, workers: 2, statuses: ['errored', 'waiting'] },
      { app: 'ended', online: 0, workers: 1, statuses: ['stopped'] },
      { app: 'starting', online: 0, workers: 1, statuses: ['launching'] },
    ]);
    expect(notReadyApps({ apps: [] })).toEqual([]);
  });
});
