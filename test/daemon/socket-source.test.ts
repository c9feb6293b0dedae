// SocketSource: the TUI's view of a daemon or a `clmon run` over the control socket.
import { mkdtempSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { connectControl } from '../../src/daemon/control-client.js';
import { serveControlSocket, type ControlServer } from '../../src/daemon/control-server.js';
import { homePaths } from '../../src/home.js';
import { SocketSource } from '../../src/sources/socket-source.js';
import type { Controller, SupervisorEvent } from '../../src/model/controller.js';
import type { Snapshot } from '../../src/model/types.js';
import { waitFor } from './daemon-harness.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

function fakeController(state: { snapshot: Snapshot; detailCalls: number }): Controller & { emit(e: SupervisorEvent): void } {
  const listeners = new Set<(e: SupervisorEvent) => void>();
  const noop = async (): Promise<void> => {};
  return {
    snapshot: async (detail) => {
      if (detail) state.detailCalls++;
      return state.snapshot;
    },
    logs: async ({ lines }) => Array.from({ length: lines }, (_, i) => ({ seq: i, at: i, app: 'web', id: 0, stream: 'out' as const, text: `l${i}` })),
    start: noop,
    restart: noop,
    reload: async () => ({ ok: true, replaced: [0] }),
    scale: async () => 2,
    stop: noop,
    delete: noop,
    diagnose: async () => {
      throw new Error('not scripted');
    },
    subscribe: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    emit: (e) => listeners.forEach((l) => l(e)),
  };
}

async function serve(kind: 'daemon' | 'run', controller: Controller, home: string): Promise<string> {
  const paths = homePaths(home);
  const socketPath = kind === 'daemon' ? paths.daemonSocket : paths.runSocket(process.pid);
  const server: ControlServer = await serveControlSocket(controller, { socketPath, kind, home, log: () => {} });
  cleanups.push(() => server.close());
  return socketPath;
}

describe('SocketSource', () => {
  it('labels the daemon with its home and runs with their pid; every capability but SIGKILL', async () => {
    const home = mkdtempSync(join(tmpdir(), 'clmon-src-'));
    cleanups.push(async () => rmSync(home, { recursive: true, force: true }));
    const state = { snapshot: { apps: [] }, detailCalls: 0 };
    const daemon = new SocketSource(await connectControl(await serve('daemon', fakeController(state), home)));
    cleanups.push(() => daemon.close());
    expect(daemon.kind).toBe('daemon');
    expect(daemon.label).toBe(`daemon ${home.startsWith(homedir()) ? `~${home.slice(homedir().length)}` : home}`);
    expect(daemon.capabilities).toMatchObject({ restart: true, reload: true, scale: true, stopStart: true });
    expect(typeof daemon.capabilities.kill).toBe('string');
    await expect(daemon.kill('web:0')).rejects.toThrow(/only for --pid/);

    const run = new SocketSource(await connectControl(await serve('run', fakeController(state), home)));
    cleanups.push(() => run.close());
    expect(run.kind).toBe('run');
    expect(run.label).toMatch(new RegExp(`^run pid ${process.pid} `));
  });

  it('serves snapshots from the subscription once subscribed, and passes actions through', async () => {
    const home = mkdtempSync(join(tmpdir(), 'clmon-src-'));
    cleanups.push(async () => rmSync(home, { recursive: true, force: true }));
    const state = { snapshot: { apps: [{ name: 'web', mode: 'fork' as const, instances: 1, source: 'daemon' as const, workers: [] }] }, detailCalls: 0 };
    const controller = fakeController(state);
    const source = new SocketSource(await connectControl(await serve('daemon', controller, home)));
    cleanups.push(() => source.close());
    expect(await source.snapshot(true)).toEqual(state.snapshot);
    const events: SupervisorEvent[] = [];
    const unsubscribe = source.subscribe((e) => events.push(e));
    await waitFor(() => events.some((e) => e.type === 'changed'), 10_000, 'first changed');
    const calls = state.detailCalls;
    expect(await source.snapshot(true)).toEqual(state.snapshot);
    expect(state.detailCalls).toBe(calls); // no round trip: the pushed snapshot
    expect(await source.logs({ lines: 3 })).toHaveLength(3);
    expect(await source.scale('web', '+1')).toBe(2);
    expect(await source.reload('web')).toEqual({ ok: true, replaced: [0] });
    controller.emit({ type: 'logs', lines: [{ seq: 9, at: 9, app: 'web', id: 0, stream: 'err', text: 'boom' }] });
    await waitFor(() => events.some((e) => e.type === 'logs'), 10_000, 'logs event');
    unsubscribe();
  });
});
