// The control socket in-process: a real unix socket between serveControlSocket and
// connectControl, with a scripted Controller, to pin the protocol's behaviour precisely.
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectControl, type ControlClient } from '../../src/daemon/control-client.js';
import { serveControlSocket, type ControlServer } from '../../src/daemon/control-server.js';
import { RuntimeError, UserError } from '../../src/errors.js';
import { ensureHome, homePaths } from '../../src/home.js';
import type { Controller, LogQuery, SupervisorEvent } from '../../src/model/controller.js';
import type { AppSpec, DiagnosticRequest, DiagnosticResult, LogLine, ReloadProgress, ReloadResult, Snapshot } from '../../src/model/types.js';
import { CLMON_VERSION } from '../../src/version.js';
import { waitFor } from './daemon-harness.js';
import { RawPeer } from './raw-socket.js';

/** A Controller whose answers the test scripts; it records every call. */
class ScriptedController implements Controller {
  calls: string[] = [];
  snapshots = 0;
  listeners = new Set<(e: SupervisorEvent) => void>();
  state: Snapshot = { apps: [{ name: 'web', mode: 'cluster', instances: 1, source: 'daemon', workers: [] }] };

  async snapshot(detail = false): Promise<Snapshot> {
    this.snapshots++;
    this.calls.push(`snapshot ${detail}`);
    return this.state;
  }
  async logs(query: LogQuery): Promise<LogLine[]> {
    this.calls.push(`logs ${JSON.stringify(query)}`);
    return [line(1, 'one'), line(2, 'two')].slice(-query.lines);
  }
  async start(specs: AppSpec[]): Promise<void> {
    this.calls.push(`start ${specs.map((s) => s.name)}`);
  }
  async restart(target: string): Promise<void> {
    if (target === 'nope') throw new UserError('unknown app "nope" (known apps: web)');
    if (target === 'boom') throw new Error('kaput');
    if (target === 'late') throw new RuntimeError('it failed at run time');
    this.calls.push(`restart ${target}`);
  }
  async reload(target: string, onProgress?: (p: ReloadProgress) => void): Promise<ReloadResult> {
    onProgress?.({ app: target, id: 0, phase: 'starting' });
    onProgress?.({ app: target, id: 0, phase: 'ready', pid: 77 });
    return { ok: false, error: 'replacement exited', replaced: [] };
  }
  async scale(app: string, count: string): Promise<number> {
    this.calls.push(`scale ${app} ${count}`);
    return 3;
  }
  async stop(target: string): Promise<void> {
    this.calls.push(`stop ${target}`);
  }
  async delete(target: string): Promise<void> {
    this.calls.push(`delete ${target}`);
  }
  async diagnose(target: string, request: DiagnosticRequest): Promise<DiagnosticResult> {
    this.calls.push(`diagnose ${target} ${JSON.stringify(request)}`);
    return { kind: request.kind, app: 'web', id: 0, pid: 77, ...(request.kind === 'inspect' ? { url: 'ws://127.0.0.1:9/x' } : { path: '/tmp/x' }) };
  }
  subscribe(listener: (e: SupervisorEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  emit(event: SupervisorEvent): void {
    for (const l of this.listeners) l(event);
  }
}

function line(seq: number, text: string): LogLine {
  return { seq, at: 1_700_000_000_000 + seq, app: 'web', id: 0, stream: 'out', text };
}

let home: string;
let controller: ScriptedController;
let server: ControlServer;
let socketPath: string;
const clients: ControlClient[] = [];

beforeEach(async () => {
  home = mkdtempSync(join(tmpdir(), 'clmon-sock-'));
  socketPath = homePaths(home).daemonSocket;
  controller = new ScriptedController();
  server = await serveControlSocket(controller, { socketPath, kind: 'daemon', home, onKill: async () => void controller.calls.push('kill'), log: () => {} });
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await server.close();
  rmSync(home, { recursive: true, force: true });
});

const open = async (): Promise<ControlClient> => {
  const client = await connectControl(socketPath);
  clients.push(client);
  return client;
};

describe('control socket', () => {
  it('answers the hello with kind, pid, home and the clmon version; the socket is 0600 in a 0700 directory', async () => {
    const client = await open();
    expect(client.hello).toEqual({ hello: 'clmon', version: 1, clmon: CLMON_VERSION, kind: 'daemon', pid: process.pid, home, metrics: null });
    expect(CLMON_VERSION).toMatch(/^\d+\.\d+\.\d+/);
    expect(statSync(socketPath).mode & 0o777).toBe(0o600);
    expect(statSync(join(home, 'sock')).mode & 0o777).toBe(0o700);
  });

  it('carries every Controller call and its result', async () => {
    const client = await open();
    expect(await client.snapshot(true)).toEqual(controller.state);
    expect(await client.logs({ lines: 1, target: 'web', stream: 'out' })).toEqual([line(2, 'two')]);
    await client.restart('web:0');
    expect(await client.scale('web', '-1')).toBe(3);
    await client.stop('all');
    await client.delete('web');
    expect(controller.calls).toEqual([
      'snapshot true',
      'logs {"target":"web","lines":1,"stream":"out"}',
      'restart web:0',
      'scale web -1',
      'stop all',
      'delete web',
    ]);
  });

  it('carries profile, heapsnapshot and inspect (docs/supervision.md#crash-forensics-and-diagnostics) and checks their parameters', async () => {
    const client = await open();
    expect(await client.diagnose('web:0', { kind: 'profile', durationMs: 500, out: '/tmp/p.cpuprofile' })).toMatchObject({ kind: 'profile', path: '/tmp/x' });
    await client.diagnose('web:0', { kind: 'heapsnapshot', out: '/tmp/h.heapsnapshot' });
    expect(await client.diagnose('web:0', { kind: 'inspect' })).toMatchObject({ url: 'ws://127.0.0.1:9/x' });
    expect(controller.calls).toEqual([
      'diagnose web:0 {"kind":"profile","durationMs":500,"out":"/tmp/p.cpuprofile"}',
      'diagnose web:0 {"kind":"heapsnapshot","out":"/tmp/h.heapsnapshot"}',
      'diagnose web:0 {"kind":"inspect","close":false}',
    ]);
    await expect(client.diagnose('web:0', { kind: 'heapsnapshot', out: 'relative.heapsnapshot' })).rejects.toThrow(
      /parameter "out" must be an absolute file path, got "relative.heapsnapshot"/,
    );
    await expect(client.diagnose('web:0', { kind: 'profile', durationMs: 5, out: '/tmp/p' })).rejects.toThrow(
      /parameter "durationMs" must be an integer from 100 to 3600000, got 5/,
    );
    expect(controller.calls).toHaveLength(3);
  });

  it('keeps a UserError exit code across the wire: usage → 2, runtime → 1, internal → 1', async () => {
    const client = await open();
    const usage = await client.restart('nope').catch((e: unknown) => e);
    expect(usage).toBeInstanceOf(UserError);
    expect(usage).toMatchObject({ exitCode: 2, message: 'unknown app "nope" (known apps: web)' });
    await expect(client.restart('late')).rejects.toMatchObject({ exitCode: 1, message: 'it failed at run time' });
    await expect(client.restart('boom')).rejects.toMatchObject({ exitCode: 1, message: 'internal error: kaput' });
  });

  it('streams reload progress before the reply', async () => {
    const client = await open();
    const progress: ReloadProgress[] = [];
    const result = await client.reload('web', (p) => progress.push(p));
    expect(progress).toEqual([
      { app: 'web', id: 0, phase: 'starting' },
      { app: 'web', id: 0, phase: 'ready', pid: 77 },
    ]);
    expect(result).toEqual({ ok: false, error: 'replacement exited', replaced: [] });
  });

  it('subscribe: a burst of changes becomes a few snapshots; logs and notices pass through', async () => {
    const client = await open();
    const events: SupervisorEvent[] = [];
    client.subscribe((e) => events.push(e));
    await waitFor(() => client.latestSnapshot() !== undefined, 10_000, 'subscribed');
    const before = controller.snapshots;
    for (let i = 0; i < 200; i++) controller.emit({ type: 'changed' });
    controller.emit({ type: 'logs', lines: [line(3, 'three')] });
    controller.emit({ type: 'notice', level: 'warn', message: 'careful' });
    await waitFor(() => events.some((e) => e.type === 'notice'), 10_000, 'notice');
    await waitFor(() => controller.snapshots > before, 10_000, 'a pushed snapshot');
    await new Promise((r) => setTimeout(r, 300));
    expect(controller.snapshots - before).toBeLessThanOrEqual(2);
    expect(events).toContainEqual({ type: 'logs', lines: [line(3, 'three')] });
    expect(events.filter((e) => e.type === 'changed').length).toBeGreaterThanOrEqual(2);
  });

  it('kill is for the daemon only', async () => {
    const client = await open();
    await client.kill();
    expect(controller.calls).toContain('kill');
    const runHome = mkdtempSync(join(tmpdir(), 'clmon-sock-run-'));
    const runSocket = homePaths(runHome).runSocket(process.pid);
    const run = await serveControlSocket(controller, { socketPath: runSocket, kind: 'run', home: runHome, log: () => {} });
    try {
      const runClient = await connectControl(runSocket);
      clients.push(runClient);
      expect(runClient.hello.kind).toBe('run');
      await expect(runClient.kill()).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/only for the daemon/) });
    } finally {
      await run.close();
      rmSync(runHome, { recursive: true, force: true });
    }
  });

  it('disconnects a subscriber that stops reading instead of buffering without bound', async () => {
    const peer = await RawPeer.open(socketPath);
    peer.send('{"hello":"clmon","version":1}\n{"id":1,"method":"subscribe","params":{"snapshots":false}}\n');
    await peer.line(2);
    peer.socket.pause();
    const text = 'x'.repeat(60 * 1024);
    for (let i = 0; i < 400 && !peer.closed; i++) {
      controller.emit({ type: 'logs', lines: Array.from({ length: 10 }, (_, j) => line(10 + i * 10 + j, text)) });
      await new Promise((r) => setImmediate(r));
    }
    // 400 batches of 600 KB = 240 MB offered; the server must have dropped the peer long before.
    peer.socket.resume();
    await waitFor(() => peer.closed, 10_000, 'stalled subscriber dropped');
    const client = await open();
    expect(await client.scale('web', '2')).toBe(3);
  });

  it('notifies a subscriber when the connection is lost and rejects later calls clearly', async () => {
    const client = await open();
    const events: SupervisorEvent[] = [];
    client.subscribe((e) => events.push(e));
    await waitFor(() => client.latestSnapshot() !== undefined, 10_000, 'subscribed');
    await server.close();
    await waitFor(() => client.closed, 10_000, 'client closed');
    expect(events).toContainEqual({ type: 'notice', level: 'error', message: expect.stringMatching(/lost the connection to the daemon/) });
    await expect(client.snapshot()).rejects.toMatchObject({ exitCode: 1 });
  });
});

describe('serving and connecting', () => {
  it('removes a stale socket file but refuses to take over a live one', async () => {
    const other = mkdtempSync(join(tmpdir(), 'clmon-sock-stale-'));
    const path = ensureHome(other).daemonSocket;
    try {
      await leaveStaleSocket(path);
      expect(statSync(path).isSocket()).toBe(true);
      const revived = await serveControlSocket(controller, { socketPath: path, kind: 'daemon', home: other, log: () => {} });
      try {
        await expect(serveControlSocket(controller, { socketPath: path, kind: 'daemon', home: other, log: () => {} })).rejects.toThrow(
          /another clmon supervisor already answers/,
        );
        const client = await connectControl(path);
        clients.push(client);
        expect(await client.scale('web', '+1')).toBe(3);
      } finally {
        await revived.close();
      }
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('a socket nobody answers is a RuntimeError naming it', async () => {
    const missing = join(home, 'sock', 'nobody.sock');
    await expect(connectControl(missing, { hint: 'start one with clmon start' })).rejects.toMatchObject({
      exitCode: 1,
      message: expect.stringMatching(/nobody\.sock \(no socket file\); start one with clmon start/),
    });
    writeFileSync(join(home, 'sock', 'plain.sock'), '');
    await expect(connectControl(join(home, 'sock', 'plain.sock'))).rejects.toBeInstanceOf(RuntimeError);
  });
});

/** A socket file whose listener was SIGKILLed (libuv had no chance to unlink it). */
async function leaveStaleSocket(path: string): Promise<void> {
  const child = spawn(process.execPath, ['-e', `require('net').createServer().listen(${JSON.stringify(path)}, () => console.log('up'))`], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}
