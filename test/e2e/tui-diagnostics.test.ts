// The TUI's diagnostics keys on a real terminal (tmux) against real workers (docs/supervision.md#crash-forensics-and-diagnostics): `p` counts
// the profile's seconds in the status line and ends with the file's path; `H` asks first (the
// snapshot pauses the worker), then writes the snapshot. Files land in the TUI's directory.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN } from '../helpers/cli.js';
import { tmpHome } from '../helpers/tmp-home.js';
import { eventually } from '../helpers/wait-for.js';
import { hasTmux, TmuxSession } from './tmux.js';

const FIXTURE = resolve(import.meta.dirname, '..', 'fixtures', 'diag-busy.cjs');
const tmux = hasTmux();

describe.skipIf(!tmux)('diagnostics keys in the TUI', () => {
  const home = tmpHome('clmon-tui-diag-');
  const cwd = tmpHome('clmon-tui-diag-cwd-');
  const session = new TmuxSession(`env -u CI ${process.execPath} ${BIN} run ${FIXTURE} --name busy -i 2 --home ${home.dir}`, {
    cwd: cwd.dir,
    columns: 160,
    rows: 30,
  });
  const screenHas = (pattern: RegExp, what: string, timeoutMs = 30_000): Promise<void> =>
    eventually(() => expect(session.screen()).toMatch(pattern), timeoutMs).catch((err: Error) => {
      throw new Error(`${what}: ${err.message}\n--- screen ---\n${session.screen()}`);
    });

  afterAll(async () => {
    session.send('q');
    await eventually(() => expect(session.screen()).toMatch(/y\/n/), 10_000).catch(() => {});
    session.send('y');
    await eventually(() => expect(session.pane().dead).toBe(true), 20_000).catch(() => {});
    session.kill();
    home.remove();
    cwd.remove();
  });

  it('p profiles the selected worker with its progress, then shows the file; H asks, then snapshots', async () => {
    await screenHas(/▶ #0 +\d+ +online/, 'the first worker online');
    await screenHas(/#1 +\d+ +online/, 'the second worker online');
    session.send('p');
    await screenHas(/profiling busy:0… [1-9] s of 10 s → /, 'the profile counting its seconds');
    await screenHas(/CPU profile of busy:0 written \([\d.]+\w, pid \d+\): /, 'the profile written', 40_000);
    const profileName = readdirSync(cwd.dir).find((n) => n.endsWith('.cpuprofile'));
    expect(profileName).toMatch(/^busy-0-\d{8}-\d{6}\.cpuprofile$/);
    const profile = JSON.parse(readFileSync(join(cwd.dir, profileName!), 'utf8'));
    expect(profile.nodes.some((n: { callFrame: { functionName: string } }) => n.callFrame.functionName === 'spinBusyLoop')).toBe(true);

    session.send('H');
    await screenHas(/A heap snapshot pauses busy:0 until V8 has written it: connections routed to it wait; the other worker keeps serving/, 'the question');
    session.send('y');
    await screenHas(/heap snapshot of busy:0 written \([\d.]+\w, pid \d+\): /, 'the snapshot written', 60_000);
    const snapshotName = readdirSync(cwd.dir).find((n) => n.endsWith('.heapsnapshot'));
    expect(JSON.parse(readFileSync(join(cwd.dir, snapshotName!), 'utf8')).snapshot.meta).toBeDefined();
  }, 120_000);
});
