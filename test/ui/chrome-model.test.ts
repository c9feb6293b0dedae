import { describe, expect, it } from 'vitest';
import { footerLine, headerLine, logTitle, type FooterInput } from '../../src/ui/chrome-model.js';
import { lineText } from '../../src/ui/line.js';
import { ALL_CAPABILITIES } from './helpers/fake-source.js';
import { twoApps } from './helpers/snapshots.js';

const host = { hostname: 'box1', cpuPercent: 12.4, load1: 0.52, cores: 2, memUsed: 3 * 1024 ** 3, memTotal: 16 * 1024 ** 3 };

describe('headerLine', () => {
  it('names the host, the attachment, the counts and the host load', () => {
    const text = lineText(headerLine('daemon ~/.clmon', host, twoApps()));
    expect(text).toBe('clmon · box1 · daemon ~/.clmon  3/4 online · 2 apps  host CPU 12% load 0.52/2 MEM 3.0G/16.0G');
  });

  it('keeps a short form of the host numbers at 80 columns, cutting a long label instead', () => {
    const label = 'run examples/ecosystem.config.js (pid 21536)';
    const host80 = { ...host, hostname: 'vm', memUsed: 0.5 * 1024 ** 3, memTotal: 23 * 1024 ** 3 };
    const text = lineText(headerLine(label, host80, twoApps(), 80));
    expect(text).toBe('clmon · vm · run examples/ecosystem.c…  3/4 online · 2 apps  cpu 12% mem 0.5/23G');
    expect(text).toHaveLength(80);
    expect(lineText(headerLine('pid 42', host80, twoApps(), 80))).toBe('clmon · vm · pid 42  3/4 online · 2 apps  cpu 12% mem 0.5/23G');
    // everything in full when it fits
    expect(lineText(headerLine('pid 42', host80, twoApps(), 120))).toBe('clmon · vm · pid 42  3/4 online · 2 apps  host CPU 12% load 0.52/2 MEM 512M/23.0G');
  });

  it('works before the first host sample and snapshot', () => {
    expect(lineText(headerLine('pid 42', null, null))).toBe('clmon · pid 42  0/0 online · 0 apps');
  });
});

const footer = (over: Partial<FooterInput> = {}): FooterInput => ({
  focus: 'table',
  filterEditing: false,
  mode: 'run',
  capabilities: ALL_CAPABILITIES,
  selectedStatus: 'online',
  onlySelected: false,
  following: true,
  ...over,
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
