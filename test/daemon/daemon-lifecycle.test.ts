// The daemon process itself: one per home, stale files after a SIGKILL, graceful SIGTERM, and a
// socket that survives garbage. Real daemons in temp homes, driven by the built binary.
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fixture, Harness, isAlive, waitFor } from './daemon-harness.js';
import { RawPeer } from './raw-socket.js';

let h: Harness;
afterEach(() => h.cleanup());

const startIdle = (name: string, extra: string[] = []) => h.clmon(['start', fixture('daemon-env.cjs'), '--name', name, ...extra]);
const workerPids = async () => (await h.ls()).apps.flatMap((a) => a.workers.map((w) => w.pid!));

/** Pids of every daemon process serving this home (from /proc). */
function daemonsOf(home: string): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
        return cmd.some((arg) => arg.endsWith('daemon-main.js')) && cmd.includes(home);
      } catch {
        return false;
      }
    })
    .map(Number);
}

describe('daemon lifecycle', () => {
  it('after a SIGKILL of the daemon its workers exit within 5 s, and the next start works', async () => {
    h = new Harness();
    expect((await startIdle('idle', ['-i', '2', '--exec-mode', 'cluster'])).code).toBe(0);
    expect((await startIdle('forked')).code).toBe(0);
    const pids = await workerPids();
    expect(pids).toHaveLength(3);
    const daemon = h.daemonPid()!;
    process.kill(daemon, 'SIGKILL');
    await waitFor(() => !isAlive(daemon), 5000, 'daemon gone');
    await waitFor(() => pids.every((pid) => !isAlive(pid)), 5000, `workers ${pids} gone`);
    // The dead daemon left its pid file and socket behind.
    expect(existsSync(join(h.home, 'daemon.pid'))).toBe(true);
    expect(existsSync(join(h.home, 'sock/daemon.sock'))).toBe(true);

    const again = await startIdle('idle');
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    const next = h.daemonPid()!;
    expect(next).not.toBe(daemon);
    expect(isAlive(next)).toBe(true);
    expect((await h.ls()).apps.map((a) => a.name)).toEqual(['idle']);
  });

  it('ls after a SIGKILLed daemon says nothing runs (exit 1) and cleans the stale files', async () => {
    h = new Harness();
    expect((await startIdle('idle')).code).toBe(0);
    const daemon = h.daemonPid()!;
    process.kill(daemon, 'SIGKILL');
    await waitFor(() => !isAlive(daemon), 5000, 'daemon gone');
    const ls = await h.clmon(['ls']);
    expect(ls.code).toBe(1);
    expect(ls.stderr).toContain(`home ${h.home}`);
    expect(existsSync(join(h.home, 'daemon.pid'))).toBe(false);
    expect(existsSync(join(h.home, 'sock/daemon.sock'))).toBe(false);
  });

  it('ls removes the socket of a clmon run that died without cleaning up', async () => {
    h = new Harness();
    expect((await startIdle('idle')).code).toBe(0);
    const { pid, path } = await staleSocket(join(h.home, 'sock'));
    const runSocket = join(h.home, 'sock', `run-${pid}.sock`);
    renameSync(path, runSocket);
    const ls = await h.clmon(['ls', '--json']);
    expect(ls.code).toBe(0);
    expect(JSON.parse(ls.stdout).apps.map((a: { name: string }) => a.name)).toEqual(['idle']);
    expect(existsSync(runSocket)).toBe(false);
  });

  it('a pid file naming a live process that is no daemon is stale', async () => {
    h = new Harness();
    writeFileSync(join(h.home, 'daemon.pid'), `${process.pid}\n`);
    const result = await startIdle('idle');
    expect(result.code).toBe(0);
    expect(h.daemonPid()).not.toBe(process.pid);
    expect(isAlive(h.daemonPid()!)).toBe(true);
  });

  it('two concurrent starts share one daemon', async () => {
    h = new Harness();
    const [a, b] = await Promise.all([startIdle('one'), startIdle('two')]);
    expect([a.code, b.code, a.stderr, b.stderr]).toEqual([0, 0, '', '']);
    expect((await h.ls()).apps.map((app) => app.name).sort()).toEqual(['one', 'two']);
    await waitFor(() => daemonsOf(h.home).length === 1, 10_000, 'a single daemon');
    expect(daemonsOf(h.home)).toEqual([h.daemonPid()]);
  });

  it('SIGTERM stops the apps gracefully and removes the pid file and socket', async () => {
    h = new Harness();
    expect((await startIdle('idle', ['-i', '2', '--exec-mode', 'cluster'])).code).toBe(0);
    const pids = await workerPids();
    const daemon = h.daemonPid()!;
    process.kill(daemon, 'SIGTERM');
    await waitFor(() => !isAlive(daemon), 20_000, 'daemon exit');
    for (const pid of pids) expect(isAlive(pid)).toBe(false);
    expect(existsSync(join(h.home, 'daemon.pid'))).toBe(false);
    expect(existsSync(join(h.home, 'sock/daemon.sock'))).toBe(false);
    expect(readFileSync(join(h.home, 'daemon.log'), 'utf8')).toMatch(/SIGTERM: stopping every app gracefully/);
  });
});

describe('garbage on the control socket', () => {
  it('gets error replies, never takes the daemon down, and ls still answers', async () => {
    h = new Harness();
    expect((await startIdle('idle')).code).toBe(0);
    const socketPath = join(h.home, 'sock/daemon.sock');

    const early = await RawPeer.open(socketPath);
    early.send('{"id":1,"method":"snapshot"}\n');
    expect(await early.line(1)).toMatchObject({ id: 1, error: { code: 'protocol', message: expect.stringMatching(/hello/) } });
    early.send('{"hello":"clmon","version":99}\n');
    expect(await early.line(2)).toMatchObject({ error: { code: 'protocol', message: expect.stringMatching(/version 99/) } });
    early.send('{"hello":"clmon","version":1}\n');
    expect(await early.line(3)).toMatchObject({ hello: 'clmon', version: 1, kind: 'daemon', pid: h.daemonPid(), home: h.home });
    early.send('not json at all\n{"id":2,"method":"frobnicate"}\n[1,2]\n{"method":"snapshot"}\n{"id":3,"method":"restart","params":{"target":42}}\n');
    expect(await early.line(4)).toMatchObject({ id: null, error: { code: 'protocol', message: expect.stringMatching(/malformed JSON/) } });
    expect(await early.line(5)).toMatchObject({ id: 2, error: { code: 'protocol', message: expect.stringMatching(/unknown method "frobnicate"/) } });
    expect(await early.line(6)).toMatchObject({ id: null, error: { code: 'protocol' } });
    expect(await early.line(7)).toMatchObject({ id: null, error: { code: 'protocol', message: expect.stringMatching(/"id"/) } });
    expect(await early.line(8)).toMatchObject({ id: 3, error: { code: 'protocol', message: expect.stringMatching(/"target"/) } });
    early.send('{"id":4,"method":"restart","params":{"target":"nope"}}\n');
    expect(await early.line(9)).toMatchObject({ id: 4, error: { code: 'usage', message: expect.stringMatching(/unknown app "nope"/) } });
    early.close();

    const noise = await RawPeer.open(socketPath);
    noise.send(randomBytes(256 * 1024));
    await waitFor(() => noise.lines.length > 0, 20_000, 'an error reply to random bytes');
    expect(noise.lines.every((l) => (l.error as { code: string }).code === 'protocol')).toBe(true);
    noise.close();

    const huge = await RawPeer.open(socketPath);
    huge.send('{"hello":"clmon","version":1}\n');
    await huge.line(1);
    huge.send(`{"id":5,"method":"snapshot","params":{"pad":"${'x'.repeat(5 * 1024 * 1024)}"}}\n`);
    expect(await huge.line(2)).toMatchObject({ id: null, error: { code: 'protocol', message: expect.stringMatching(/longer than 1048576 bytes/) } });
    await waitFor(() => huge.closed, 20_000, 'oversized connection closed');

    const ls = await h.clmon(['ls', '--json']);
    expect(ls.code).toBe(0);
    expect(JSON.parse(ls.stdout).apps[0].name).toBe('idle');
    expect(isAlive(h.daemonPid()!)).toBe(true);
  });
});

/** A socket file whose listener was SIGKILLed (so nobody unlinked it); returns the dead pid. */
async function staleSocket(dir: string): Promise<{ pid: number; path: string }> {
  const path = join(dir, 'stale.tmp.sock');
  const child = spawn(process.execPath, ['-e', `require('net').createServer().listen(${JSON.stringify(path)}, () => console.log('up'))`], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
  return { pid: child.pid!, path };
}
