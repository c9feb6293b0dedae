import { describe, expect, it } from 'vitest';
import { lineText } from '../../src/ui/line.js';
import { filterLogs, logLine, logWindow, tagWidth } from '../../src/ui/log-model.js';
import { app, logLine as line, worker } from './helpers/snapshots.js';

const lines = [
  line('web', 0, 'listening on 3000'),
  line('web', 1, 'GET /health 200'),
  line('api', 0, 'Error: boom', { stream: 'err' }),
  line('web', 0, 'GET /users 500'),
];

describe('filterLogs', () => {
  it('returns the same array when nothing filters', () => {
    expect(filterLogs(lines, { text: '', only: null })).toBe(lines);
  });

  it('matches text case-insensitively, in the line or its app#slot', () => {
    expect(filterLogs(lines, { text: 'get', only: null }).map((l) => l.text)).toEqual(['GET /health 200', 'GET /users 500']);
    expect(filterLogs(lines, { text: 'API#0', only: null })).toHaveLength(1);
  });

  it('keeps only the selected worker with f', () => {
    expect(filterLogs(lines, { text: '', only: { app: 'web', id: 0 } }).map((l) => l.text)).toEqual(['listening on 3000', 'GET /users 500']);
    expect(filterLogs(lines, { text: 'users', only: { app: 'web', id: 0 } })).toHaveLength(1);
  });
});

describe('logWindow', () => {
  const many = Array.from({ length: 50 }, (_, i) => line('web', 0, `line ${i}`));

  it('shows the tail when following', () => {
    const win = logWindow(many, { follow: true }, 10);
    expect(win.visible.map((l) => l.text)).toEqual(many.slice(40).map((l) => l.text));
    expect(win).toMatchObject({ following: true, below: 0 });
  });

  it('stays on its anchor when scrolled, and counts the lines below', () => {
    const win = logWindow(many, { follow: false, endSeq: many[19]!.seq }, 10);
    expect(win.visible.map((l) => l.text)).toEqual(many.slice(10, 20).map((l) => l.text));
    expect(win.below).toBe(30);
  });

  it('shows the oldest page when the anchor was evicted', () => {
    const win = logWindow(many.slice(20), { follow: false, endSeq: many[0]!.seq }, 10);
    expect(win.visible[0]!.text).toBe('line 20');
    expect(win.visible).toHaveLength(10);
  });

  it('draws nothing in no room', () => {
    expect(logWindow(many, { follow: true }, 0).visible).toEqual([]);
  });
});

describe('logLine', () => {
  it('prefixes time and app#slot, and marks stderr', () => {
    const out = lineText(logLine(lines[0]!, tagWidth(null, lines)));
    expect(out).toMatch(/^\d\d:\d\d:\d\d web#0 {3}listening on 3000$/);
    const err = logLine(lines[2]!, tagWidth(null, lines));
    expect(lineText(err)).toMatch(/ api#0 ! Error: boom$/);
    expect(err[3]!.color).toBe('red');
  });

  it('never lets worker output reach the terminal raw', () => {
    const evil = line('web', 0, 'a\x1b[2J\x1b]0;pwned\x07b\rc\x08d\tz');
    const text = lineText(logLine(evil, 5));
    expect(text).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    expect(text).toContain('ab');
  });

  it('tags a group line (a --log file of the pid source, id -1) with the app name, never #-1', () => {
    const group = line('primary', -1, 'worker online pid=42');
    expect(lineText(logLine(group, tagWidth(null, [group])))).toMatch(/^\d\d:\d\d:\d\d primary log {3}worker online pid=42$/);
    expect(filterLogs([group], { text: 'primary log', only: null })).toHaveLength(1);
  });

  it('keeps the tag column as wide as every known worker needs, whatever is visible', () => {
    const snapshot = { apps: [app('cron-worker', [worker(0)]), app('web', [worker(0), worker(11)])] };
    expect(tagWidth(snapshot, [line('web', 0, 'x')])).toBe('cron-worker#0'.length);
    expect(tagWidth(snapshot, [line('a-gone-app-with-a-name', 3, 'x')])).toBe('a-gone-app-with-a-name#3'.length);
    expect(tagWidth(null, [line('x'.repeat(40), 0, 'x')])).toBe(24);
  });

  it('cuts a long app name, never the slot or the group marker after it', () => {
    const long = 'sources-cluster-primary';
    expect(lineText(logLine(line(long, 1, 'x'), 24)).slice(9, 33)).toBe('sources-cluster-prima…#1');
    expect(lineText(logLine(line(long, -1, 'x'), 24)).slice(9, 33)).toBe('sources-cluster-pri… log');
  });

  it('gives each worker a colour of its own, stable across lines', () => {
    const a = logLine(line('web', 0, 'x'), 5)[1]!.color;
    expect(logLine(line('web', 0, 'y'), 5)[1]!.color).toBe(a);
    expect(logLine(line('web', 1, 'x'), 5)[1]!.color).not.toBe(a);
  });
});
