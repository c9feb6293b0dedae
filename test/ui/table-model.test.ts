import { describe, expect, it } from 'vitest';
import { lineText } from '../../src/ui/line.js';
import { rowsWindow, statusText, tableHeader, tableLayout, tableRows, type TableInput } from '../../src/ui/table-model.js';
import { app, twoApps, worker } from './helpers/snapshots.js';

const input = (over: Partial<TableInput> = {}): TableInput => ({
  snapshot: twoApps(),
  history: new Map(),
  selected: { app: 'web', id: 1 },
  age: 0,
  width: 100,
  reloading: new Set(),
  ...over,
});

describe('tableLayout', () => {
  it('fits every width from 80 columns up, sparklines included', () => {
    for (const width of [80, 100, 120, 160, 200, 300]) {
      const l = tableLayout(width);
      expect(l.spark, `width ${width}`).toBeGreaterThanOrEqual(5);
      expect(l.spark).toBeLessThanOrEqual(60);
      expect(l.fixed + l.status + l.sparks * (l.spark + 1), `width ${width}`).toBe(width);
      expect(lineText(tableHeader(width)).length).toBe(width);
    }
  });

  it('drops the sparklines on a very narrow terminal', () => {
    expect(tableLayout(60).spark).toBe(0);
  });
});

describe('tableRows', () => {
  it('groups workers under their app and marks the selected one', () => {
    const rows = tableRows(input());
    expect(rows.map((r) => r.kind)).toEqual(['app', 'worker', 'worker', 'app', 'worker', 'worker']);
    expect(lineText(rows[0]!.line)).toContain('web');
    expect(lineText(rows[0]!.line)).toContain('2/2 online');
    expect(rows.filter((r) => r.selected).map((r) => r.worker)).toEqual([{ app: 'web', id: 1 }]);
    expect(lineText(rows[2]!.line)).toMatch(/^▶ #1\s+1001 online/);
  });

  it('never makes a worker row wider than the terminal', () => {
    const long = app('a-very-long-application-name-indeed', [
      worker(0, { status: 'errored', pid: null, reason: 'exited 16 times in a row within min_uptime (1000 ms) of starting' }),
    ]);
    for (const width of [80, 120, 200]) {
      const rows = tableRows(input({ snapshot: { apps: [long] }, width }));
      expect(lineText(rows[1]!.line).length).toBeLessThanOrEqual(width);
    }
  });

  it('shows uptime, cpu and memory of live workers, dashes for the others', () => {
    const rows = tableRows(input({ age: 5000 }));
    const live = lineText(rows[1]!.line);
    expect(live).toContain('1m10s'); // 65 s in the snapshot + 5 s since
    expect(live).toContain('1.5%');
    expect(live).toContain('48.0M');
    const waiting = lineText(rows[5]!.line);
    expect(waiting).toMatch(/#1\s+- waiting 0\.0s|#1\s+-\s+waiting/);
    expect(waiting).toMatch(/\s-\s+-\s+-\s/);
  });

  it('draws sparklines from the history', () => {
    const history = new Map([['web:0', { cpu: [0, 50, 100], memory: [1, 2, 3] }]]);
    // 340 columns (four sparklines): one cell per second of the 60 s window
    const text = lineText(tableRows(input({ history, width: 340 }))[1]!.line);
    expect(text).toContain(' ▁▅█ ');
    // 100 columns: cells cover several seconds, each showing the highest of them
    expect(lineText(tableRows(input({ history }))[1]!.line)).toMatch(/ {9}█ {7}/);
  });

  it('event-loop delay p99 and req/s columns from 120 columns, their sparklines from 160; 80 columns have neither', () => {
    const runtime = {
      sampledAt: '2026-01-01T00:00:00.000Z',
      eventLoopDelayP50Ms: 1,
      eventLoopDelayP99Ms: 148.2,
      eventLoopDelayMaxMs: 150,
      eventLoopUtilization: 0.5,
      heapUsed: 1,
      heapTotal: 2,
      heapLimit: 3,
      gcMsPerSec: 0,
      handles: 3,
      httpRequestsPerSec: 1234,
      httpInFlight: 0,
      httpLatencyP50Ms: 1,
      httpLatencyP99Ms: 2,
      http5xxPerSec: 0,
    };
    const snapshot = { apps: [app('web', [worker(0, { runtime }), worker(1, { runtime: null })])] };
    const history = new Map([['web:0', { cpu: [1], memory: [1], loop: [5, 148], requests: [10, 1234] }]]);
    const narrow = lineText(tableRows(input({ snapshot, history, width: 80 }))[1]!.line);
    expect(narrow).not.toContain('148ms');
    expect(lineText(tableHeader(80))).not.toContain('LOOP');
    const mid = tableRows(input({ snapshot, history, width: 120 }));
    expect(lineText(tableHeader(120))).toMatch(/MEM\s+LOOP\s+REQ\/S CPU 60s/);
    expect(lineText(mid[1]!.line)).toMatch(/48\.0M  148ms   1\.2k /);
    expect(lineText(mid[2]!.line)).toMatch(/48\.0M      -      - /); // no helper: dashes
    expect(mid[1]!.line.find((s) => s.text.includes('148ms'))!.color).toBe('yellow');
    const wide = lineText(tableRows(input({ snapshot, history, width: 160 }))[1]!.line);
    expect(lineText(tableHeader(160))).toContain('LOOP p99 60s');
    // CPU, memory, then loop delay and req/s (two samples fall in one 4-second cell at this width)
    expect(wide).toMatch(/148ms {3}1\.2k {16}▂ {16}▅ {16}█ {16}█$/);
    for (const width of [80, 119, 120, 159, 160, 220])
      expect(lineText(tableRows(input({ snapshot, history, width }))[1]!.line).length, `width ${width}`).toBe(width);
  });

  it('says when an app is reloading', () => {
    expect(lineText(tableRows(input({ reloading: new Set(['api']) }))[3]!.line)).toContain('reloading');
  });
});

describe('statusText', () => {
  it('counts down a waiting worker from the snapshot age', () => {
    expect(statusText(worker(0, { status: 'waiting', restartInMs: 2300 }), 0)).toBe('waiting 2.3s');
    expect(statusText(worker(0, { status: 'waiting', restartInMs: 2300 }), 1000)).toBe('waiting 1.3s');
    expect(statusText(worker(0, { status: 'waiting', restartInMs: 2300 }), 9000)).toBe('waiting 0.0s');
  });

  it('gives the reason of an errored worker, sanitized', () => {
    expect(statusText(worker(0, { status: 'errored', reason: 'too many\x1b[31m crashes' }), 0)).toBe('errored: too many crashes');
    expect(statusText(worker(0, { status: 'stopped' }), 0)).toBe('stopped');
  });
});

describe('rowsWindow', () => {
  it('keeps the selected row in view', () => {
    const snapshot = {
      apps: [
        app(
          'big',
          Array.from({ length: 30 }, (_, i) => worker(i)),
        ),
      ],
    };
    const rows = tableRows(input({ snapshot, selected: { app: 'big', id: 25 } }));
    const shown = rowsWindow(rows, 8);
    expect(shown).toHaveLength(8);
    expect(shown.some((r) => r.selected)).toBe(true);
    expect(rowsWindow(rows.slice(0, 5), 8)).toHaveLength(5);
  });
});
