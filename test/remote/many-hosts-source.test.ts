// The many-hosts Source (docs/cli.md#many-hosts) over real daemons in two homes, reached through real
// commands (`env CLMON_HOME=… clmon serve --stdio`): grouped, qualified apps; an action reaches
// the host of the worker; a command that does not exist or exits at once shows as failed with
// its stderr; a host whose daemon is killed reconnects with backoff while the other keeps
// working, and comes back when a daemon runs there again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupervisorEvent } from '../../src/model/controller.js';
import type { LogLine, Snapshot } from '../../src/model/types.js';
import { ManyHostsSource } from '../../src/remote/many-hosts-source.js';
import { viaHost } from '../../src/remote/via-prefix.js';
import { fixture, Harness, waitFor } from '../daemon/daemon-harness.js';
import { clmonOnPath, homeVia } from './remote-harness.js';

const a = new Harness();
const b = new Harness();
const path = clmonOnPath();
const savedPath = process.env.PATH;
let source: ManyHostsSource;
const events: SupervisorEvent[] = [];

beforeAll(async () => {
  expect((await a.clmon(['start', fixture('ui-worker.cjs'), '-i', '2', '--name', 'web'])).code).toBe(0);
  expect((await b.clmon(['start', fixture('ui-worker.cjs'), '--name', 'api'])).code).toBe(0);
  process.env.PATH = path.env.PATH; // what the prefixes run finds `clmon` on
  source = new ManyHostsSource(
    [
      viaHost(homeVia(a.home), 'test', 'a'),
      viaHost(homeVia(b.home), 'test', 'b'),
      viaHost('clmon-no-such-command-xyz', 'test', 'gone'),
      viaHost(`sh -c 'echo "permission denied (publickey)" >&2; exit 255'`, 'test', 'quick'),
    ],
    { backoffMs: 200, maxBackoffMs: 1000 },
  );
  source.subscribe((event) => events.push(event));
});
afterAll(async () => {
  await source?.close();
  process.env.PATH = savedPath;
  await Promise.all([a.cleanup(), b.cleanup()]);
  path.remove();
});

const hostState = (s: Snapshot, label: string) => s.hosts!.find((h) => h.label === label)!;

describe('ManyHostsSource', () => {
  it('lists every host, apps qualified by host, and shows the hosts that failed with why', async () => {
    await waitFor(async () => (await source.snapshot()).apps.length === 2, 30_000, 'both hosts connected');
    // 'quick' is retried: between its attempts it is failed with a retry time; while an attempt
    // runs it is failed without one. Take a snapshot from between two attempts.
    let s: Snapshot | undefined;
    await waitFor(
      async () => {
        s = await source.snapshot(true);
        const quick = hostState(s, 'quick');
        return quick.state === 'failed' && quick.retryInMs !== undefined;
      },
      10_000,
      'the quick exit to show, waiting for its retry',
    );
    if (!s) throw new Error('no snapshot');
    expect(s.apps.map((app) => [app.name, app.host, app.workers.length])).toEqual([
      ['a/web', 'a', 2],
      ['b/api', 'b', 1],
    ]);
    expect(s.hosts!.map((h) => [h.label, h.state])).toEqual([
      ['a', 'connected'],
      ['b', 'connected'],
      ['gone', 'failed'],
      ['quick', 'failed'],
    ]);
    expect(hostState(s, 'gone').reason).toBe('cannot run "clmon-no-such-command-xyz": command not found (check the --via prefix and PATH)');
    expect(hostState(s, 'gone').retryInMs).toBeUndefined(); // no such command: not retried
    expect(hostState(s, 'gone').givenUp).toBe(true); // and the header says so
    expect(hostState(s, 'quick').givenUp).toBeUndefined();
    expect(hostState(s, 'quick').reason).toBe('exited with code 255: permission denied (publickey)');
    expect(hostState(s, 'quick').retryInMs).toBeGreaterThanOrEqual(0); // may work later: retried
  });

  it("merges both hosts' log lines in one increasing order, with qualified names", async () => {
    await waitFor(
      async () => {
        const apps = new Set((await source.logs({ lines: 100 })).map((l) => l.app));
        return apps.has('a/web') && apps.has('b/api');
      },
      20_000,
      'lines from both hosts',
    );
    const lines = await source.logs({ lines: 100 });
    const seqs = lines.map((l) => l.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    expect(new Set(seqs).size).toBe(seqs.length);
    const live = events.filter((e): e is { type: 'logs'; lines: LogLine[] } => e.type === 'logs').flatMap((e) => e.lines);
    expect(live.at(-1)!.seq).toBeLessThanOrEqual(seqs.at(-1)!);
    expect((await source.logs({ lines: 5, target: 'b/api' })).every((l) => l.app === 'b/api')).toBe(true);
  });

  it('sends an action to the host of the target only', async () => {
    await source.restart('b/api:0');
    await waitFor(async () => (await b.ls()).apps[0]!.workers[0]!.restarts === 1, 20_000, 'api:0 restarted on b');
    expect((await a.ls()).apps[0]!.workers.map((w) => w.restarts)).toEqual([0, 0]);
    await expect(source.restart('gone/web:0')).rejects.toThrow(/host gone is failed: cannot run/);
    await expect(source.restart('a/nope')).rejects.toThrow(/unknown app "a\/nope"/);
  });

  it('a killed daemon: that host reconnects with the reason, the other keeps working, and it comes back', async () => {
    b.notePids();
    process.kill(b.daemonPid()!, 'SIGKILL');
    await waitFor(async () => hostState(await source.snapshot(), 'b').state === 'reconnecting', 20_000, 'b reconnecting');
    await waitFor(
      async () => /no clmon daemon or run is running for home/.test(hostState(await source.snapshot(), 'b').reason ?? ''),
      20_000,
      'the reason from serve',
    );
    const during = await source.snapshot();
    expect(during.apps.map((app) => app.name)).toEqual(['a/web']);
    expect(hostState(during, 'a').state).toBe('connected');
    await source.restart('a/web:1'); // the other host still takes actions
    await waitFor(async () => (await a.ls()).apps[0]!.workers[1]!.restarts === 1, 20_000, 'web:1 restarted on a');

    expect((await b.clmon(['start', fixture('ui-worker.cjs'), '--name', 'api'])).code).toBe(0);
    await waitFor(async () => hostState(await source.snapshot(), 'b').state === 'connected', 30_000, 'b back');
    await waitFor(async () => (await source.snapshot()).apps.some((app) => app.name === 'b/api'), 10_000, 'b/api listed again');
  });
});
