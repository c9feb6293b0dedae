import { describe, expect, it } from 'vitest';
import { footerLine, headerLine, logTitle, statusLine, type FooterInput, type StatusInput } from '../../src/ui/chrome-model.js';
import { lineText } from '../../src/ui/line.js';
import { ALL_CAPABILITIES } from './helpers/fake-source.js';
import { twoApps } from './helpers/snapshots.js';

const host = { hostname: 'box1', cpuPercent: 12.4, load1: 0.52, cores: 2, memUsed: 3 * 1024 ** 3, memTotal: 16 * 1024 ** 3 };

describe('headerLine', () => {
  it('names the host, the attachment, the counts and the host load', () => {
    const text = lineText(headerLine('daemon ~/.clmon', host, twoApps()));
    expect(text).toBe('clmon · box1 · daemon ~/.clmon  3/4 online · 2 apps  host CPU 12% load 0.52/2 MEM 3.0G/16.0G');
  });

  it('works before the first host sample and snapshot', () => {
    expect(lineText(headerLine('pid 42', null, null))).toBe('clmon · pid 42  0/0 online · 0 apps');
  });
});

const status = (over: Partial<StatusInput> = {}): StatusInput => ({
  focus: 'table', quitting: false, mode: 'run', filterEditing: false, filter: '', online: 3,
  snapshotError: null, reloads: [], status: null, ...over,
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
    const slots = new Map([[1, { app: 'web', id: 1, phase: 'starting' as const }], [0, { app: 'web', id: 0, phase: 'done' as const, pid: 7 }]]);
    const reload = { app: 'web', slots, active: true, updatedAt: 0 };
    expect(lineText(statusLine(status({ reloads: [reload] })))).toBe('reload web: #0 done (pid 7) · #1 starting');
    const error = statusLine(status({ status: { level: 'error', text: 'restart web:0 failed: boom', at: 0 } }));
    expect(lineText(error)).toBe('restart web:0 failed: boom');
    expect(error[0]!.color).toBe('red');
  });
});

const footer = (over: Partial<FooterInput> = {}): FooterInput => ({
  focus: 'table', filterEditing: false, mode: 'run', capabilities: ALL_CAPABILITIES,
  selectedStatus: 'online', onlySelected: false, following: true, ...over,
});

describe('footerLine', () => {
  it('lists the keys that apply, within the width, always ending with help and quit', () => {
    const wide = lineText(footerLine(200, footer()));
    expect(wide).toContain('r restart');
    expect(wide).toContain('s stop');
    expect(wide).not.toContain('K kill');
    const narrow = lineText(footerLine(80, footer()));
    expect(narrow.length).toBeLessThanOrEqual(80);
    expect(narrow).toMatch(/\? help {2}q quit$/);
  });

  it('follows capabilities, state, mode and focus', () => {
    const pid = { ...ALL_CAPABILITIES, reload: 'no reload for a pid', scale: 'no scale for a pid', kill: true as const };
    const text = lineText(footerLine(200, footer({ capabilities: pid, selectedStatus: 'stopped', mode: 'attach' })));
    expect(text).toContain('K kill');
    expect(text).toContain('s start');
    expect(text).not.toContain('l reload');
    expect(text).not.toContain('scale');
    expect(text).toMatch(/q detach$/);
    expect(lineText(footerLine(200, footer({ focus: 'detail' })))).toMatch(/^Esc back/);
    expect(lineText(footerLine(200, footer({ following: false })))).toContain('End follow');
    expect(lineText(footerLine(200, footer({ focus: 'confirm-quit' })))).toBe('y stop and quit  n cancel');
  });
});

describe('logTitle', () => {
  it('says what is listed and whether it follows', () => {
    expect(lineText(logTitle(40, { onlyLabel: null, filter: '', following: true, below: 0 }))).toBe(`── logs: all workers ${'─'.repeat(19)}`);
    const paused = lineText(logTitle(100, { onlyLabel: 'web:1', filter: 'err', following: false, below: 12 }));
    expect(paused).toContain('logs: web:1 · filter "err" · paused, 12 newer (End to follow)');
  });
});
