// The merged TUI over two hosts (docs/cli.md#many-hosts) in a real terminal (tmux): two homes as two hosts,
// reached through a real OpenSSH server on 127.0.0.1 with the real ssh client. Both hosts'
// workers on screen, a restart that reaches the right host, one host's daemon killed (that host
// shows reconnecting, the other keeps going) and coming back.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, fixture, Harness, ROOT } from '../daemon/daemon-harness.js';
import { clmonOnPath } from '../remote/remote-harness.js';
import { startSshd, type Sshd } from '../remote/sshd.js';
import { eventually } from '../helpers/wait-for.js';
import { hasTmux, TmuxSession, workerRows } from './tmux.js';

const tmux = hasTmux();

describe.skipIf(!tmux)('clmon attach --hosts in a terminal, over ssh', () => {
  const a = new Harness();
  const b = new Harness();
  const path = clmonOnPath();
  let sshd: Sshd;
  let session: TmuxSession;
  const statusFile = join(a.home, 'tui-exit-status');

  const waitForScreen = (check: (screen: string) => void): Promise<void> =>
    eventually(() => check(session.screen()), 30_000).catch((err: Error) => {
      throw new Error(`${err.message}\n--- screen ---\n${session.screen()}`);
    });

  beforeAll(async () => {
    sshd = await startSshd();
    expect((await a.clmon(['start', fixture('ui-worker.cjs'), '-i', '2', '--name', 'web'])).code).toBe(0);
    expect((await b.clmon(['start', fixture('ui-worker.cjs'), '-i', '2', '--name', 'api'])).code).toBe(0);
    const hosts = join(a.home, 'hosts.txt');
    writeFileSync(hosts, `# two boxes\nalpha = ${sshd.prefixFor(a.home, path.dir)}\n\nbeta = ${sshd.prefixFor(b.home, path.dir)}\n`);
    const command = `env -u CI ${process.execPath} ${BIN} attach --hosts ${hosts}; echo $? > ${statusFile}`;
    session = new TmuxSession(`sh -c '${command}'`, { cwd: ROOT, columns: 120, rows: 40 });
  });

  afterAll(async () => {
    session?.kill();
    await Promise.all([a.cleanup(), b.cleanup()]);
    await sshd?.stop();
    path.remove();
  });

  it('shows both hosts, routes a restart to the right host, and rides out one host going away', async () => {
    const aPids = (await a.ls()).apps[0]!.workers.map((w) => w.pid);
    const bPids = (await b.ls()).apps[0]!.workers.map((w) => w.pid);
    await waitForScreen((screen) => {
      // the selection is the first worker the screen saw: alpha's or beta's, whichever answered first
      expect(screen).toMatch(/^hosts 2\/2 · keys act on (alpha|beta) {2}● alpha {2}● beta/m);
      expect(screen).toMatch(/^● alpha {2}1 app, 2\/2 online/m);
      expect(screen).toMatch(/^● beta {2}1 app, 2\/2 online/m);
      expect(workerRows(screen).map((w) => w.pid)).toEqual([...aPids, ...bPids]);
    });
    expect(session.screen()).toMatch(/alpha\/web#[01] +worker [01] tick/);
    expect(session.screen()).toMatch(/beta\/api#[01] +worker [01] tick/);

    // to the top (moves stop at the first row): alpha's web:0
    session.send('k', 'k', 'k', 'k');
    await waitForScreen((screen) => {
      expect(workerRows(screen)[0]!.selected).toBe(true);
      expect(screen).toMatch(/^hosts 2\/2 · keys act on alpha /m);
    });
    // the third worker row is beta's api:0
    session.send('j', 'j');
    await waitForScreen((screen) => expect(workerRows(screen)[2]!.selected).toBe(true));
    session.send('r');
    // the status names the host before the action is done ("restart beta/api:0…"), then the outcome
    await waitForScreen((screen) => expect(screen).toMatch(/restart(ed)? beta\/api:0/));
    await eventually(async () => expect((await b.ls()).apps[0]!.workers[0]!.restarts).toBe(1), 60_000);
    expect((await a.ls()).apps[0]!.workers.map((w) => w.restarts)).toEqual([0, 0]);

    // beta's daemon goes away: beta reconnects (with why), alpha stays on screen
    b.notePids();
    process.kill(b.daemonPid()!, 'SIGKILL');
    await waitForScreen((screen) => {
      expect(screen).toMatch(/^hosts 1\/2 · keys act on \w+ {2}◌ beta reconnecting/m);
      expect(screen).toMatch(/^◌ beta {2}reconnecting/m);
      expect(workerRows(screen).map((w) => w.pid)).toEqual(aPids);
    });
    expect(session.screen()).toMatch(/beta +reconnecting.*(lost the connection to the daemon|no clmon daemon or run is running)/);

    // and comes back once a daemon runs there again
    expect((await b.clmon(['start', fixture('ui-worker.cjs'), '--name', 'api'])).code).toBe(0);
    await waitForScreen((screen) => {
      expect(screen).toMatch(/^hosts 2\/2 · keys act on \w+ {2}● alpha {2}● beta/m);
      expect(screen).toMatch(/^● beta {2}1 app, 1\/1 online/m);
      expect(workerRows(screen)).toHaveLength(3);
    });

    session.send('q');
    await eventually(() => expect(session.pane().dead).toBe(true), 30_000);
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(statusFile, 'utf8').trim()).toBe('0');
    // detaching leaves both groups running
    expect((await a.ls()).apps[0]!.workers.every((w) => w.status === 'online')).toBe(true);
  });
});
