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
      expect(43 + l.status + 2 * (l.spark + 1), `width ${width}`).toBe(width);
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
    // 200 columns: one cell per second of the 60 s window
    const text = lineText(tableRows(input({ history, width: 200 }))[1]!.line);
    expect(text).toContain(' ▁▅█ ');
    // 100 columns: cells cover several seconds, each showing the highest of them
    expect(lineText(tableRows(input({ history }))[1]!.line)).toMatch(/ {9}█ {7}/);
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
    const snapshot = { apps: [app('big', Array.from({ length: 30 }, (_, i) => worker(i)))] };
    const rows = tableRows(input({ snapshot, selected: { app: 'big', id: 25 } }));
    const shown = rowsWindow(rows, 8);
    expect(shown).toHaveLength(8);
    expect(shown.some((r) => r.selected)).toBe(true);
    expect(rowsWindow(rows.slice(0, 5), 8)).toHaveLength(5);
  });
});
