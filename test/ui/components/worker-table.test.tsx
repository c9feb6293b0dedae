import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { WorkerTable } from '../../../src/ui/components/WorkerTable.js';
import { app, twoApps, worker } from '../helpers/snapshots.js';

afterEach(cleanup);

describe('WorkerTable', () => {
  it('shows each app with its workers, the selected one marked, in 100 columns', () => {
    const history = new Map([['web:0', { cpu: [0, 100], memory: [1, 2] }]]);
    const { lastFrame } = render(<WorkerTable snapshot={twoApps()} history={history} selected={{ app: 'web', id: 1 }} age={0} width={100} height={20} />);
    const lines = lastFrame()!.split('\n');
    expect(lines[0]).toMatch(/^ {2}ID\s+PID STATUS\s+↺\s+UPTIME\s+CPU\s+MEM CPU 60s\s+MEM 60s/);
    expect(lines[1]).toMatch(/^web {2}cluster · 2\/2 online/);
    expect(lines[2]).toMatch(/^ {2}#0\s+1000 online\s+0\s+1m05s\s+1\.5%\s+48\.0M {10}█ {10}▅$/);
    expect(lines[3]).toMatch(/^▶ #1\s+1001 online/);
    expect(lines[4]).toMatch(/^api {2}fork · 1\/2 online/);
    expect(lines[6]).toMatch(/#1\s+- waiting 2\.3s\s+4\s+-\s+-\s+-/);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(100);
  });

  it('shows why a worker was given up on', () => {
    const snapshot = { apps: [app('crashy', [worker(0, { status: 'errored', pid: null, reason: 'exited 16 times' })])] };
    const { lastFrame } = render(<WorkerTable snapshot={snapshot} history={new Map()} selected={null} age={0} width={100} height={20} />);
    expect(lastFrame()).toContain('errored: exited 16 times');
  });

  it('scrolls to the selection when the table is taller than its room', () => {
    const snapshot = {
      apps: [
        app(
          'big',
          Array.from({ length: 30 }, (_, i) => worker(i, { pid: 5000 + i })),
        ),
      ],
    };
    const { lastFrame } = render(<WorkerTable snapshot={snapshot} history={new Map()} selected={{ app: 'big', id: 29 }} age={0} width={100} height={6} />);
    const lines = lastFrame()!.split('\n');
    expect(lines).toHaveLength(6);
    expect(lines.at(-1)).toMatch(/^▶ #29\s+5029/);
  });

  it('says what it waits for before the first snapshot', () => {
    const { lastFrame } = render(<WorkerTable snapshot={null} history={new Map()} selected={null} age={0} width={100} height={6} />);
    expect(lastFrame()).toBe('waiting for the first snapshot…');
  });
});
