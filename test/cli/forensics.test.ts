// End to end (docs/supervision.md#crash-forensics-and-diagnostics): the built binary against a real daemon; a crashed worker's describe shows
// the error, the throwing frame, the heap and the report path, as text and as JSON.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixture, Harness, waitFor } from '../daemon/daemon-harness.js';

const h = new Harness();
const outDir = mkdtempSync(join(tmpdir(), 'clmon-diag-out-'));
afterAll(async () => {
  await h.cleanup();
  rmSync(outDir, { recursive: true, force: true });
});

describe('crash forensics in describe', () => {
  it('describe shows the exception, the frame it came from, the heap and the report', async () => {
    const started = await h.clmon(['start', fixture('diag-throw.cjs'), '--name', 'thrower', '--no-autorestart']);
    expect(started.code).toBe(0);
    await waitFor(async () => (await h.ls()).apps[0]!.workers[0]!.lastExit !== null, 20_000, 'the crash');
    const text = await h.clmon(['describe', 'thrower:0']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Error: boom from thrower:0');
    expect(text.stdout).toMatch(/^ {10}at .*explodeInHandler.*diag-throw\.cjs:3:\d+\)$/m);
    expect(text.stdout).toMatch(/heap [\d.]+[BKMGT] used of [\d.]+[BKMGT], limit [\d.]+[BKMGT]/);
    const json = await h.clmon(['describe', 'thrower', '--json']);
    const exit = JSON.parse(json.stdout).apps[0].workers[0].exits[0];
    expect(exit.error).toMatchObject({ message: 'Error: boom from thrower:0', trigger: 'Exception' });
    expect(exit.error.frames[0]).toMatch(/^at .*explodeInHandler/);
    expect(Object.keys(exit.error.heap).sort()).toEqual(['limit', 'total', 'used']);
    expect(text.stdout).toContain(`report ${exit.report}`);
    expect(statSync(exit.report).mode & 0o777).toBe(0o600);
  });
});

describe('clmon profile / heapsnapshot / inspect', () => {
  it('profile writes a .cpuprofile named after the worker into the --out directory', async () => {
    expect((await h.clmon(['start', fixture('diag-busy.cjs'), '--name', 'busy'])).code).toBe(0);
    const result = await h.clmon(['profile', 'busy:0', '--duration', '500ms', '--out', outDir]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const [name] = readdirSync(outDir);
    expect(name).toMatch(/^busy-0-\d{8}-\d{6}\.cpuprofile$/);
    expect(result.stdout).toContain(`profiling busy:0 for 500 ms…`);
    expect(result.stdout).toMatch(new RegExp(`wrote the CPU profile of busy:0 \\(pid \\d+, [\\d.]+ ?\\w+\\): ${join(outDir, name!).replace(/[.]/g, '\\.')}`));
    const profile = JSON.parse(readFileSync(join(outDir, name!), 'utf8'));
    expect(profile.nodes.some((n: { callFrame: { functionName: string } }) => n.callFrame.functionName === 'spinBusyLoop')).toBe(true);
  });

  it('inspect prints the ws:// URL of an inspector that answers on 127.0.0.1; --close closes it', async () => {
    const result = await h.clmon(['inspect', 'busy:0']);
    expect(result.code).toBe(0);
    const url = result.stdout.split('\n')[0]!;
    const port = /^ws:\/\/127\.0\.0\.1:(\d+)\//.exec(url)?.[1];
    expect(port, result.stdout).toBeDefined();
    const list = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as { webSocketDebuggerUrl: string }[];
    expect(list[0]!.webSocketDebuggerUrl).toBe(url);
    const closed = await h.clmon(['inspect', 'busy:0', '--close']);
    expect(closed.code).toBe(0);
    expect(closed.stdout).toMatch(/^closed the inspector of busy:0 \(pid \d+\)$/m);
  });

  it('bad input: unknown target, not one worker, --out in a missing directory, a bad duration → exit 2 naming it', async () => {
    const unknown = await h.clmon(['heapsnapshot', 'nope:0', '--out', join(outDir, 'x.heapsnapshot')]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^clmon: unknown app "nope" \(known apps: .*busy.*\)/);
    expect(unknown.stdout).toBe(''); // nothing announced for a target that cannot take it
    const unknownProfile = await h.clmon(['profile', 'nope:0', '--out', outDir]);
    expect([unknownProfile.code, unknownProfile.stdout]).toEqual([2, '']);
    const badId = await h.clmon(['profile', 'busy:abc', '--out', outDir]);
    expect([badId.code, badId.stdout, badId.stderr]).toEqual([
      2,
      '',
      'clmon: target "busy:abc": the worker id "abc" is not a number; a worker is <app>:<id>, e.g. busy:0\n',
    ]);
    const app = await h.clmon(['inspect', 'busy']);
    expect(app.code).toBe(2);
    expect(app.stderr).toBe('clmon: inspect takes one worker as <app>:<id> (e.g. busy:0), not "busy"\n');
    const missing = join(outDir, 'no', 'such');
    const out = await h.clmon(['profile', 'busy:0', '--out', join(missing, 'p.cpuprofile')]);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain(`directory ${missing} does not exist`);
    writeFileSync(join(outDir, 'afile'), '');
    const underFile = await h.clmon(['profile', 'busy:0', '--out', join(outDir, 'afile', 'y')]);
    expect(underFile.code).toBe(2);
    expect(underFile.stderr).toContain(`${join(outDir, 'afile')} is not a directory (it is a file)`);
    const duration = await h.clmon(['profile', 'busy:0', '--duration', 'soon']);
    expect(duration.code).toBe(2);
    expect(duration.stderr).toMatch(/option --duration: "soon" is not a duration/);
    const stopped = await h.clmon(['profile', 'thrower:0', '--duration', '200ms', '--out', outDir]);
    expect(stopped.code).toBe(1);
    expect(stopped.stderr).toBe('clmon: thrower:0 is not running (stopped); start it first\n');
    expect(stopped.stdout).toBe('');
    const snapshotStopped = await h.clmon(['heapsnapshot', 'thrower:0', '--out', outDir]);
    expect([snapshotStopped.code, snapshotStopped.stdout, snapshotStopped.stderr]).toEqual([
      1,
      '',
      'clmon: thrower:0 is not running (stopped); start it first\n',
    ]);
  });

  it('a worker without the helper: a PID tree says why', async () => {
    const daemon = h.daemonPid()!;
    const result = await h.clmon(['profile', 'busy:0', '--pid', String(daemon), '--out', outDir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^clmon: the workers of pid \d+ were not started by clmon, so they have no clmon worker helper/);
  });
});
