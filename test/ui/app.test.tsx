import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src/ui/App.js';
import { TuiStore } from '../../src/ui/store.js';
import { FakeSource } from './helpers/fake-source.js';
import { app, exit, logLine, twoApps, worker } from './helpers/snapshots.js';
import { eventually } from '../helpers/wait-for.js';

let store: TuiStore | null = null;
afterEach(() => {
  cleanup();
  store?.stop();
});

async function mount(mode: 'run' | 'attach' = 'run', rows = 30) {
  const source = new FakeSource(twoApps());
  source.backfill = Array.from({ length: 40 }, (_, i) => logLine(i % 2 ? 'api' : 'web', 0, i === 39 ? 'GET /users 500' : `line ${i}`));
  store = new TuiStore(source, { hostIntervalMs: 0 });
  await store.start();
  const quits: number[] = [];
  const ui = render(<App store={store} source={source} mode={mode} onQuit={() => quits.push(Date.now())} size={{ columns: 100, rows }} />);
  await eventually(() => expect(ui.lastFrame()).toContain('▶ #0'));
  await eventually(() => expect(ui.lastFrame()).toContain('GET /users 500'));
  const press = async (keys: string, expected: string | RegExp): Promise<void> => {
    ui.stdin.write(keys);
    await eventually(() => expect(ui.lastFrame()).toMatch(expected));
  };
  return { ui, source, quits, press };
}

describe('App', () => {
  it('fills rows - 1 lines: header, table, logs, status, footer', async () => {
    const { ui } = await mount();
    const lines = ui.lastFrame()!.split('\n');
    expect(lines).toHaveLength(29);
    expect(lines[0]).toMatch(/^clmon · run test {2}3\/4 online · 2 apps/);
    expect(lines[1]).toMatch(/^ {2}ID\s+PID STATUS/);
    expect(lines[2]).toMatch(/^web/);
    expect(lines[3]).toMatch(/^▶ #0\s+1000 online/);
    expect(lines[8]).toMatch(/^── logs: all workers/);
    expect(lines[27]).toBe('ready · ? for help');
    expect(lines[28]).toMatch(/^↑↓ select/);
  });

  it('moves the selection and runs actions on the selected worker, reporting each outcome', async () => {
    const { ui, source, press } = await mount();
    await press('j', /▶ #1\s+1001/);
    await press('r', /restarted web:1/);
    expect(source.calls).toEqual(['restart web:1']);
    await press('K', /cannot SIGKILL web:1: only for --pid/);
    source.failWith = new Error('socket closed');
    await press('s', /stop web:1 failed: socket closed/);
    source.failWith = null;
    await press('+', /web scaled to 3/);
    await press('l', /reloaded web without downtime/);
    await press('R', /restarted every worker of web/);
    await press('jjs', /stopped api:1/); // a burst of keys; s on a waiting worker cancels its restart
    expect(ui.lastFrame()).toMatch(/▶ #1\s+- waiting/);
    source.current = { apps: source.current.apps.map((a) => ({ ...a, workers: a.workers.map((w) => ({ ...w, status: 'stopped' as const })) })) };
    store!.refresh();
    await eventually(() => expect(ui.lastFrame()).toMatch(/▶ #1\s+- stopped/));
    await press('s', /started api:1/);
    expect(source.calls).toEqual(['restart web:1', 'stop web:1', 'scale web +1', 'reload web', 'restart web', 'stop api:1', 'restart api:1']);
  });

  it('p profiles the selected worker; H asks first (the snapshot pauses it), n cancels, y takes it (docs/supervision.md#crash-forensics-and-diagnostics)', async () => {
    const { ui, source, press } = await mount();
    await press('p', /CPU profile of web:0 written \(2.0K, pid 4242\): \/.*web-0-\d{8}-\d{6}\.cpuprofile/);
    await press('H', /pauses web:0 until V8 has written it: connections routed to it wait; the other/);
    expect(ui.lastFrame()).toMatch(/Take it\? y\/n/);
    expect(ui.lastFrame()).toMatch(/y take it {2}n cancel/);
    await press('n', /ready · \? for help|CPU profile of web:0 written/);
    expect(source.calls).toEqual(['profile web:0']);
    await press('H', /Take it\? y\/n/);
    await press('y', /heap snapshot of web:0 written \(2.0K, pid 4242\): \/.*web-0-\d{8}-\d{6}\.heapsnapshot/);
    expect(source.calls).toEqual(['profile web:0', 'heapsnapshot web:0']);
  });

  it('reports an aborted reload as an error', async () => {
    const { source, press } = await mount();
    source.reloadResult = { ok: false, error: 'replacement 0 exited with code 1', replaced: [] };
    await press('l', /reload of web aborted: replacement 0 exited with code 1; the old workers keep serving/);
  });

  it('opens the detail view with Enter and closes it with Esc', async () => {
    const { ui, press } = await mount();
    await press('\r', /web:0 {2}online {2}cluster · pid 1000/);
    expect(ui.lastFrame()).toContain('No exits recorded');
    expect(ui.lastFrame()).toMatch(/Esc back/);
    await press('\x1b', /── logs: all workers/);
  });

  it('shows the config and env below the exits of a crash loop, c jumps there, PgDn pages', async () => {
    const exits = Array.from({ length: 8 }, (_, i) => exit({ code: 1, stderrTail: [`Error: attempt ${8 - i}`] }));
    const crashy = worker(0, { status: 'errored', pid: null, restarts: 8, reason: '8 unstable restarts in a row', exits });
    const config = {
      script: '/srv/crashy.js',
      args: [],
      cwd: '/srv',
      interpreter: 'node',
      nodeArgs: [],
      settings: { max_restarts: 8 },
      env: { DB_URL: 'postgres://db:5432/app' },
    };
    const source = new FakeSource({ apps: [app('crashy', [crashy], { mode: 'fork', config })] });
    store = new TuiStore(source, { hostIntervalMs: 0 });
    await store.start();
    const ui = render(<App store={store} source={source} mode="attach" onQuit={() => {}} size={{ columns: 80, rows: 24 }} />);
    await eventually(() => expect(ui.lastFrame()).toContain('▶ #0'));
    ui.stdin.write('\r');
    await eventually(() => expect(ui.lastFrame()).toContain('Given up: 8 unstable restarts in a row.'));
    let frame = ui.lastFrame()!.split('\n');
    expect(frame).toHaveLength(23);
    expect(frame[1]).toMatch(/^crashy:0 {2}errored/);
    expect(frame.join('\n')).toContain('│ Error: attempt 8');
    expect(frame[20]).toMatch(/^── lines 1–19 of \d+ · PgDn more · c config & env/);
    ui.stdin.write('c');
    await eventually(() => expect(ui.lastFrame()).toMatch(/PgUp back · c back to top/));
    frame = ui.lastFrame()!.split('\n');
    expect(frame).toContain('Configuration');
    expect(frame).toHaveLength(23);
    expect(frame).toContain('  script        /srv/crashy.js');
    expect(frame).toContain('  DB_URL=postgres://db:5432/app');
    ui.stdin.write('c');
    await eventually(() => expect(ui.lastFrame()!.split('\n')[1]).toMatch(/^crashy:0/));
    ui.stdin.write('\x1b[6~'); // PgDn
    await eventually(() => expect(ui.lastFrame()).toMatch(/── lines 13–31 of 31 · PgUp back/));
  });

  it('filters the log pane as the operator types', async () => {
    const { ui, press } = await mount();
    await press('/', /filter: █/);
    await press('500', /filter: 500█/);
    await eventually(() => expect(ui.lastFrame()).not.toContain('line 38'));
    await press('\r', /logs: all workers · filter "500"/);
    expect(ui.lastFrame()).toContain('GET /users 500');
    await press('f', /logs: web:0 · filter "500"/);
  });

  it('scrolls the logs with PgUp and follows again with End', async () => {
    const { ui, press } = await mount();
    await press('\x1b[5~', /paused, \d+ newer \(End to follow\)/);
    expect(ui.lastFrame()).not.toContain('GET /users 500');
    await press('\x1b[F', /── logs: all workers ─/);
    expect(ui.lastFrame()).toContain('GET /users 500');
  });

  it('asks before stopping online workers, and quits on y', async () => {
    const { quits, press } = await mount();
    await press('q', /Stop 3 workers and quit\? y\/n/);
    await press('n', /ready · \? for help/);
    expect(quits).toHaveLength(0);
    await press('q', /Stop 3 workers/);
    await press('y', /stopping…/);
    expect(quits).toHaveLength(1);
  });

  it('detaches at once when attached, and Ctrl-C quits without asking', async () => {
    const attached = await mount('attach');
    await attached.press('q', /detaching…/);
    expect(attached.quits).toHaveLength(1);
    cleanup();
    const run = await mount('run');
    await run.press('\x03', /stopping…/);
    expect(run.quits).toHaveLength(1);
  });

  it('shows the help with ? and closes it on any key', async () => {
    const { press } = await mount();
    await press('?', /unavailable: only for --pid/);
    await press('x', /── logs/);
  });

  it('still fits a 24-row terminal', async () => {
    const { ui } = await mount('run', 24);
    const lines = ui.lastFrame()!.split('\n');
    expect(lines).toHaveLength(23);
    expect(lines.at(-1)).toMatch(/q quit$/);
  });
});
