// CLI output: the table fits the width, describe shows the crash context, units, JSON shape.
import { describe, expect, it } from 'vitest';
import { formatDescribe } from '../../src/cli/format-describe.js';
import { formatLogLine } from '../../src/cli/format-log-line.js';
import { formatTable } from '../../src/cli/format-table.js';
import { appJson } from '../../src/cli/json-shape.js';
import { mergeRecent } from '../../src/cli/merge-logs.js';
import type { AppInfo, LogLine } from '../../src/model/types.js';

const exit = { at: '2026-11-23T07:00:00.000Z', code: 1, signal: null, uptimeMs: 310, cause: 'crash' as const };
const app: AppInfo = {
  name: 'a-rather-long-app-name',
  mode: 'cluster',
  instances: 2,
  source: 'daemon',
  workers: [
    { id: 0, pid: 4242, status: 'online', restarts: 1, uptimeMs: 5230, cpu: 0.7, memory: 48_316_416, lastExit: exit },
    {
      id: 1,
      pid: null,
      status: 'errored',
      restarts: 16,
      uptimeMs: 0,
      cpu: 0,
      memory: 0,
      lastExit: exit,
      reason: '16 unstable restarts in a row',
      exits: [{ ...exit, killed: true, stderrTail: ['Error: boom', '\x1b[2Jcleared?'] }],
    },
  ],
};

describe('formatTable', () => {
  it('has every column when there is room', () => {
    const lines = formatTable([app], { width: Infinity, color: false, showSource: true });
    expect(lines[0]).toMatch(/^app\s+id\s+mode\s+pid\s+status\s+↺\s+uptime\s+cpu\s+mem\s+source$/);
    expect(lines[1]).toMatch(/a-rather-long-app-name\s+0\s+cluster\s+4242\s+online\s+1\s+5s\s+0\.7%\s+46\.1M\s+daemon/);
    expect(lines[2]).toMatch(/errored\s+16/);
  });

  it('drops the least useful columns, then cuts, to fit the width', () => {
    for (const width of [80, 60, 40, 30, 20]) {
      const lines = formatTable([app], { width, color: true, showSource: true });
      for (const line of lines) expect(line.replace(/\x1b\[\d+m/g, '').length).toBeLessThanOrEqual(width);
    }
    const forty = formatTable([app], { width: 40, color: false, showSource: true });
    expect(forty[0]).not.toMatch(/source|mode/);
    expect(forty[1]).toMatch(/4242/);
  });
});

describe('formatDescribe', () => {
  it('shows the reason, the exits and their stderr tails, made inert', () => {
    const text = formatDescribe(app, false).join('\n');
    expect(text).toMatch(/given up: 16 unstable restarts in a row/);
    expect(text).toMatch(/code 1 {2}after 310ms {2}crash {2}SIGKILL needed/);
    expect(text).toMatch(/│ Error: boom/);
    expect(text).not.toContain('\x1b');
  });

  it('shows the runtime sample of a live worker and the reason of an unhealthy exit', () => {
    const runtime = {
      sampledAt: '2026-01-01T00:00:00.000Z',
      eventLoopDelayP50Ms: 1.2,
      eventLoopDelayP99Ms: 148,
      eventLoopDelayMaxMs: 150,
      eventLoopUtilization: 0.47,
      heapUsed: 6 * 1048576,
      heapTotal: 10 * 1048576,
      heapLimit: 4 * 1024 ** 3,
      gcMsPerSec: 26,
      handles: 3,
      httpRequestsPerSec: 28,
      httpInFlight: 1,
      httpLatencyP50Ms: 0.2,
      httpLatencyP99Ms: 0.4,
      http5xxPerSec: 0,
    };
    const reason = 'event-loop delay p99 212 ms > max_event_loop_delay 100 ms for 5 samples';
    const exits = [
      { at: '2026-01-01T00:00:00.000Z', code: 0, signal: null, uptimeMs: 9000, cause: 'unhealthy' as const, reason, killed: false, stderrTail: [] },
    ];
    const live = {
      ...app,
      workers: [{ id: 0, pid: 42, status: 'online' as const, restarts: 1, uptimeMs: 5000, cpu: 1, memory: 1, lastExit: null, runtime, exits }],
    };
    const text = formatDescribe(live, false).join('\n');
    expect(text).toContain('event loop p50 1.2ms  p99 148ms  max 150ms  utilization 47%');
    expect(text).toContain('heap 6.0M used of 10.0M, limit 4.0G  gc 26ms/s  handles 3');
    expect(text).toContain('http 28 req/s  1 in flight  p50 0.2ms  p99 0.4ms  5xx 0/s');
    expect(text).toMatch(/unhealthy\n {8}event-loop delay p99 212 ms > max_event_loop_delay 100 ms for 5 samples/);
  });
});

describe('log lines', () => {
  it('marks stderr and strips control characters', () => {
    const line: LogLine = { seq: 1, at: Date.now(), app: 'web', id: 2, stream: 'err', text: 'bad\x07 bell' };
    expect(formatLogLine(line, false)).toMatch(/ web:2 err \| bad bell$/);
  });

  it('merges supervisors by time and keeps the N most recent in total', () => {
    const l = (seq: number, at: number): LogLine => ({ seq, at, app: 'a', id: 0, stream: 'out', text: `${at}` });
    const merged = mergeRecent(
      [
        [l(1, 10), l(2, 30)],
        [l(1, 20), l(2, 40)],
      ],
      3,
    );
    expect(merged.map((x) => x.at)).toEqual([20, 30, 40]);
    expect(mergeRecent([[l(1, 10)]], 0)).toEqual([]);
  });
});

describe('appJson', () => {
  it('ls shape: exactly the docs/json.md fields, detail fields dropped', () => {
    const json = appJson(app, false);
    expect(Object.keys(json.workers[1]!).sort()).toEqual(['cpu', 'id', 'lastExit', 'memory', 'pid', 'restarts', 'runtime', 'status', 'uptimeMs']);
  });

  it('describe shape: exits, and reason for an errored worker', () => {
    const json = appJson(app, true);
    expect(json.workers[1]).toMatchObject({
      reason: '16 unstable restarts in a row',
      exits: [{ killed: true, stderrTail: ['Error: boom', '\x1b[2Jcleared?'] }],
    });
    expect(json.workers[0]).toMatchObject({ exits: [] });
    expect(json.workers[0]).not.toHaveProperty('reason');
  });
});
