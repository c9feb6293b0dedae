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
});

describe('log lines', () => {
  it('marks stderr and strips control characters', () => {
    const line: LogLine = { seq: 1, at: Date.now(), app: 'web', id: 2, stream: 'err', text: 'bad\x07 bell' };
    expect(formatLogLine(line, false)).toMatch(/ web:2 err \| bad bell$/);
  });

  it('merges supervisors by time and keeps the N most recent in total', () => {
    const l = (seq: number, at: number): LogLine => ({ seq, at, app: 'a', id: 0, stream: 'out', text: `${at}` });
    const merged = mergeRecent([[l(1, 10), l(2, 30)], [l(1, 20), l(2, 40)]], 3);
    expect(merged.map((x) => x.at)).toEqual([20, 30, 40]);
    expect(mergeRecent([[l(1, 10)]], 0)).toEqual([]);
  });
});

describe('appJson', () => {
  it('ls shape: exactly the §6.1 fields, detail fields dropped', () => {
    const json = appJson(app, false);
    expect(Object.keys(json.workers[1]!).sort()).toEqual(['cpu', 'id', 'lastExit', 'memory', 'pid', 'restarts', 'runtime', 'status', 'uptimeMs']);
  });

  it('describe shape: exits, and reason for an errored worker', () => {
    const json = appJson(app, true);
    expect(json.workers[1]).toMatchObject({ reason: '16 unstable restarts in a row', exits: [{ killed: true, stderrTail: ['Error: boom', '\x1b[2Jcleared?'] }] });
    expect(json.workers[0]).toMatchObject({ exits: [] });
    expect(json.workers[0]).not.toHaveProperty('reason');
  });
});
