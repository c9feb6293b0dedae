// `clmon serve --stdio` (docs/cli.md#many-hosts): the control protocol on stdin/stdout for the home's
// supervisors, run as the real binary against a real daemon. It starts nothing when nothing runs,
// ends when stdin closes, and a supervisor that goes away ends it with the reason.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, fixture, Harness, waitFor } from '../daemon/daemon-harness.js';

const h = new Harness();
const empty = new Harness();

beforeAll(async () => {
  expect((await h.clmon(['start', fixture('sup-idle.cjs'), '-i', '2', '--name', 'web'])).code).toBe(0);
});
afterAll(async () => {
  await h.cleanup();
  await empty.cleanup();
});

interface Served {
  child: ChildProcess;
  lines: unknown[];
  stderr: () => string;
  send(message: object): void;
  next(count: number): Promise<unknown[]>;
  exit: Promise<number | null>;
}

function serve(home: string): Served {
  const child = spawn(process.execPath, [BIN, '--home', home, 'serve', '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  h.track(child.pid);
  const lines: unknown[] = [];
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d));
  createInterface({ input: child.stdout! }).on('line', (line) => lines.push(JSON.parse(line)));
  const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return {
    child,
    lines,
    stderr: () => stderr,
    send: (message) => child.stdin!.write(`${JSON.stringify(message)}\n`),
    next: async (count) => {
      await waitFor(() => lines.length >= count, 15_000, `${count} lines from serve (stderr: ${stderr})`);
      return lines.slice(0, count);
    },
    exit,
  };
}

describe('clmon serve --stdio', () => {
  it('with no supervisor in the home: says so on stderr, exits 1 and starts no daemon', async () => {
    const s = serve(empty.home);
    expect(await s.exit).toBe(1);
    expect(s.stderr()).toMatch(/no clmon daemon or run is running for home .*clmon-dtest-/);
    expect(s.lines).toEqual([]);
    expect(existsSync(join(empty.home, 'daemon.pid'))).toBe(false);
  });

  it('answers the hello with both versions, serves requests, and ends when stdin closes', async () => {
    const s = serve(h.home);
    s.send({ hello: 'clmon', version: 1, clmon: '0.0.1-test' });
    const [hello] = (await s.next(1)) as [Record<string, unknown>];
    expect(hello).toMatchObject({ hello: 'clmon', version: 1, kind: 'daemon', pid: h.daemonPid(), home: h.home, supervisors: 1 });
    expect(hello.clmon).toMatch(/^\d+\.\d+\.\d+/);
    s.send({ id: 1, method: 'snapshot' });
    const [, reply] = (await s.next(2)) as [unknown, { id: number; result: { apps: { name: string; workers: unknown[] }[] } }];
    expect(reply.id).toBe(1);
    expect(reply.result.apps.map((a) => [a.name, a.workers.length])).toEqual([['web', 2]]);
    s.child.stdin!.end();
    expect(await s.exit).toBe(0);
    // the daemon is untouched
    expect((await h.ls()).apps[0]!.workers.every((w) => w.status === 'online')).toBe(true);
  });

  it('refuses a hello of another protocol version naming both versions', async () => {
    const s = serve(h.home);
    s.send({ hello: 'clmon', version: 2, clmon: '9.0.0' });
    const [reply] = (await s.next(1)) as [{ error: { code: string; message: string; version: number; clmon: string } }];
    expect(reply.error.code).toBe('protocol');
    expect(reply.error.version).toBe(1);
    expect(reply.error.message).toMatch(/protocol version 2 \(clmon 9\.0\.0\) is not supported; this supervisor \(clmon \d+\.\d+\.\d+\) speaks version 1/);
    s.child.stdin!.end();
    expect(await s.exit).toBe(0);
  });

  it('exits 1 with the reason when the daemon it serves goes away', async () => {
    const other = new Harness();
    try {
      expect((await other.clmon(['start', fixture('sup-idle.cjs'), '--name', 'api'])).code).toBe(0);
      other.notePids();
      const s = serve(other.home);
      s.send({ hello: 'clmon', version: 1 });
      await s.next(1);
      process.kill(other.daemonPid()!, 'SIGKILL');
      expect(await s.exit).toBe(1);
      expect(s.stderr()).toMatch(/lost the connection to the daemon of home .*: it stopped or was killed/);
    } finally {
      await other.cleanup();
    }
  });
});
