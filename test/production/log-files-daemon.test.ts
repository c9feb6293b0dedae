// The daemon's log files as an operator meets them (docs/supervision.md#logs, docs/configuration.md#logs): a file whose writes fail
// (a real ENOSPC from /dev/full) is in the daemon's log and in `describe`, and logging recovers
// by itself once the file takes writes again; `clmon flush` empties the files and logging goes on.
import { readFileSync, statSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixture, Harness, waitFor } from '../daemon/daemon-harness.js';

const h = new Harness();
afterAll(() => h.cleanup());
const daemonLog = (): string => readFileSync(join(h.home, 'daemon.log'), 'utf8');
const lastTick = (text: string): number => Number(/tick (\d+)\n$/.exec(text)?.[1] ?? -1);

describe('a log file on a full disk', () => {
  it('is reported in the daemon log and in describe, retried, and written again once there is room', async () => {
    const path = join(h.home, 'ticks.log');
    symlinkSync('/dev/full', path); // every write fails with ENOSPC
    const eco = join(h.home, 'eco.json');
    writeFileSync(eco, JSON.stringify({ apps: [{ name: 'ticker', script: fixture('log-ticker.cjs'), out_file: path, merge_logs: true }] }));
    expect((await h.clmon(['start', eco])).code).toBe(0);

    await waitFor(() => /error: log file ".*ticks\.log": ENOSPC/.test(daemonLog()), 10_000, 'the failure in the daemon log');
    const described = await h.clmon(['describe', 'ticker']);
    expect(described.stdout).toMatch(/log file .*ticks\.log fails since \S+: ENOSPC.*retried every second/);
    const json = JSON.parse((await h.clmon(['describe', 'ticker', '--json'])).stdout) as { apps: { logErrors?: { path: string; error: string }[] }[] };
    expect(json.apps[0]!.logErrors).toMatchObject([{ path, error: expect.stringMatching(/ENOSPC/) }]);

    unlinkSync(path); // room again: the next retry creates a real file there
    await waitFor(() => /writing again/.test(daemonLog()), 10_000, 'the recovery in the daemon log');
    await waitFor(() => lastTick(readFileSync(path, 'utf8')) > 0, 5000, 'new lines in the file');
    const after = JSON.parse((await h.clmon(['describe', 'ticker', '--json'])).stdout) as { apps: { logErrors?: unknown }[] };
    expect(after.apps[0]!.logErrors).toBeUndefined();
  }, 60_000);
});

describe('clmon flush', () => {
  it("empties the app's files and loses no line written after it", async () => {
    const path = join(h.home, 'ticks.log');
    await waitFor(() => statSync(path).size > 200, 5000, 'some lines');
    const result = await h.clmon(['flush', 'ticker']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`flushed ${path}`);
    const right = readFileSync(path, 'utf8');
    const firstAfter = Number(/^tick (\d+)/.exec(right)?.[1] ?? 0);
    await waitFor(() => lastTick(readFileSync(path, 'utf8')) > firstAfter + 10, 5000, 'lines after the flush');
    const text = readFileSync(path, 'utf8');
    const ticks = text
      .trimEnd()
      .split('\n')
      .map((l) => Number(l.split(' ')[1]));
    // a contiguous run from the flush on: nothing lost, nothing twice
    expect(ticks).toEqual(Array.from({ length: ticks.length }, (_, i) => ticks[0]! + i));
    expect(ticks[0]).toBeGreaterThan(0);
  }, 30_000);

  it('a worker target is exit 2', async () => {
    const result = await h.clmon(['flush', 'ticker:0']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/flush takes an app or all, not one worker/);
  });
});
