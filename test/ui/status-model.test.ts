import { describe, expect, it } from 'vitest';
import { lineText } from '../../src/ui/line.js';
import { statusLine, statusLines, type StatusInput } from '../../src/ui/status-model.js';
import type { StatusLevel } from '../../src/ui/tui-state.js';

const status = (over: Partial<StatusInput> = {}): StatusInput => ({
  focus: 'table',
  quitting: false,
  mode: 'run',
  filterEditing: false,
  filter: '',
  online: 3,
  snapshotError: null,
  reloads: [],
  status: null,
  now: 0,
  ...over,
});

describe('statusLine', () => {
  it('asks before stopping the workers', () => {
    expect(lineText(statusLine(status({ focus: 'confirm-quit' })))).toBe('Stop 3 workers and quit? y/n');
    expect(lineText(statusLine(status({ focus: 'confirm-quit', online: 1 })))).toBe('Stop 1 worker and quit? y/n');
  });

  it('shows stopping, the filter being typed, lost state, reloads and results in that order', () => {
    expect(lineText(statusLine(status({ quitting: true })))).toContain('stopping…');
    expect(lineText(statusLine(status({ quitting: true, mode: 'attach' })))).toBe('detaching…');
    expect(lineText(statusLine(status({ filterEditing: true, filter: 'boom' })))).toBe('filter: boom█');
    expect(lineText(statusLine(status({ snapshotError: 'socket closed' })))).toBe('cannot read the state: socket closed');
    const slots = new Map([
      [1, { app: 'web', id: 1, phase: 'starting' as const }],
      [0, { app: 'web', id: 0, phase: 'done' as const, pid: 7 }],
    ]);
    const reload = { app: 'web', slots, active: true, updatedAt: 0 };
    expect(lineText(statusLine(status({ reloads: [reload] })))).toBe('reload web: web:0 done (pid 7) · web:1 starting');
    const error = statusLine(status({ status: { level: 'error', text: 'restart web:0 failed: boom', at: 0 } }));
    expect(lineText(error)).toBe('restart web:0 failed: boom');
    expect(error[0]!.color).toBe('red');
  });
});

describe('status messages over time', () => {
  const at = 1_000_000;
  const msg = (level: StatusLevel, text = 'restarted web:0') => ({ level, text, at });

  it('lets an informational message fade after about 10 s, a warning after 30 s', () => {
    expect(lineText(statusLine(status({ status: msg('success'), now: at + 9_000 })))).toBe('restarted web:0');
    expect(lineText(statusLine(status({ status: msg('success'), now: at + 10_000 })))).toBe('ready · ? for help');
    expect(lineText(statusLine(status({ status: msg('info'), now: at + 10_000 })))).toBe('ready · ? for help');
    expect(lineText(statusLine(status({ status: msg('warn', 'x'), now: at + 29_000 })))).toBe('x');
    expect(lineText(statusLine(status({ status: msg('warn', 'x'), now: at + 30_000 })))).toBe('ready · ? for help');
  });

  it('keeps an error until something replaces it, saying how old it is', () => {
    expect(lineText(statusLine(status({ status: msg('error', 'crashy:0 errored'), now: at + 5_000 })))).toBe('crashy:0 errored');
    expect(lineText(statusLine(status({ status: msg('error', 'crashy:0 errored'), now: at + 185_000 })))).toBe('crashy:0 errored · 3m05s ago');
    expect(lineText(statusLine(status({ status: msg('busy', 'reload web…'), now: at + 60_000 })))).toBe('reload web…');
  });

  it('wraps a long message onto a second line at a space, and cuts only what does not fit in two', () => {
    const text = 'leaky:0 uses 160.2M, over its max_memory_restart of 150M: replacing it without downtime (cluster)';
    const lines = statusLines(status({ status: msg('warn', text), now: at }), 80).map(lineText);
    expect(lines).toEqual(['leaky:0 uses 160.2M, over its max_memory_restart of 150M: replacing it without', 'downtime (cluster)']);
    expect(statusLines(status({ status: msg('warn', 'short'), now: at }), 80)).toHaveLength(1);
  });
});
