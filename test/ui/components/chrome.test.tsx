import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { Footer } from '../../../src/ui/components/Footer.js';
import { Header } from '../../../src/ui/components/Header.js';
import { HelpOverlay } from '../../../src/ui/components/HelpOverlay.js';
import { StatusLine } from '../../../src/ui/components/StatusLine.js';
import { statusLines } from '../../../src/ui/status-model.js';
import { ALL_CAPABILITIES } from '../helpers/fake-source.js';
import { twoApps } from '../helpers/snapshots.js';

afterEach(cleanup);

describe('Header', () => {
  it('shows host, attachment, counts and host load on one line', () => {
    const host = { hostname: 'prod-1', cpuPercent: 50, load1: 1.5, cores: 4, memUsed: 1024 ** 3, memTotal: 8 * 1024 ** 3 };
    const { lastFrame } = render(<Header label="pm2 ~/.pm2" host={host} snapshot={twoApps()} width={100} />);
    expect(lastFrame()).toBe('clmon · prod-1 · pm2 ~/.pm2  3/4 online · 2 apps  host CPU 50% load 1.50/4 MEM 1.0G/8.0G');
  });
});

describe('Footer', () => {
  it('fits the keys that apply into the width', () => {
    const { lastFrame } = render(
      <Footer
        width={100}
        focus="table"
        filterEditing={false}
        mode="attach"
        capabilities={ALL_CAPABILITIES}
        selectedStatus="online"
        onlySelected={false}
        following
      />,
    );
    expect(lastFrame()!.length).toBeLessThanOrEqual(100);
    expect(lastFrame()).toMatch(/^↑↓ select {2}⏎ detail {2}r restart/);
    expect(lastFrame()).toMatch(/q detach$/);
  });
});

describe('StatusLine', () => {
  it('asks the quit question', () => {
    const input = {
      focus: 'confirm-quit' as const,
      quitting: false,
      mode: 'run' as const,
      filterEditing: false,
      filter: '',
      online: 2,
      snapshotError: null,
      reloads: [],
      status: null,
      now: 0,
    };
    const { lastFrame } = render(<StatusLine lines={statusLines(input, 100)} />);
    expect(lastFrame()).toBe('Stop 2 workers and quit? y/n');
  });

  it('takes two lines for a long message, and never more', () => {
    const text = `restart web:0 failed: ${'the control socket said no '.repeat(10)}`;
    const input = {
      focus: 'table' as const,
      quitting: false,
      mode: 'run' as const,
      filterEditing: false,
      filter: '',
      online: 2,
      snapshotError: null,
      reloads: [],
      status: { level: 'error' as const, text, at: 0 },
      now: 0,
    };
    const { lastFrame } = render(<StatusLine lines={statusLines(input, 80)} />);
    const lines = lastFrame()!.split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe('restart web:0 failed: the control socket said no the control socket said no the');
    expect(lines[1]!.length).toBe(80);
    expect(lines[1]!.endsWith('…')).toBe(true);
  });
});

describe('HelpOverlay', () => {
  it('lists every key and why the unavailable ones are', () => {
    const caps = { ...ALL_CAPABILITIES, scale: 'a pid group cannot be scaled' };
    const { lastFrame } = render(<HelpOverlay capabilities={caps} mode="run" height={30} />);
    const frame = lastFrame()!;
    expect(frame).toContain('(unavailable: a pid group cannot be scaled)');
    expect(frame).toContain('(unavailable: only for --pid)');
    expect(frame).toMatch(/q\s+stop every worker gracefully and quit/);
  });

  it('fits the 20 body rows of an 80x24 terminal, the c key of the detail view included', () => {
    const { lastFrame } = render(<HelpOverlay capabilities={ALL_CAPABILITIES} mode="attach" height={20} />);
    const lines = lastFrame()!.split('\n');
    expect(lines.length).toBeLessThanOrEqual(20);
    expect(lines.filter((l) => l.trim() !== '').at(-1)).toMatch(/^ {2}Ctrl-C\s+detach$/);
    expect(lines.some((l) => /^ {2}c\s+detail view: jump to the config and env/.test(l))).toBe(true);
    for (const l of lines) expect(l.trimEnd().length).toBeLessThanOrEqual(80);
  });
});
