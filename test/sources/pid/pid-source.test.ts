// The pid source on a real, hand-written node:cluster primary (docs/cli.md#where-a-command-looks `--pid`): its children
// as slots, restarts inferred when the primary re-forks, signals as actions, `--log` tailing.
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../../src/errors.js';
import { createPidSource, GROUP_LOG_ID } from '../../../src/sources/pid/pid-source.js';
import { childPids } from '../../../src/sources/pid/process-tree.js';
import type { Source } from '../../../src/model/source.js';
import type { SupervisorEvent } from '../../../src/model/controller.js';
import type { WorkerInfo } from '../../../src/model/types.js';
import { isAlive, killAll } from '../../helpers/processes.js';
import { tmpHome } from '../../helpers/tmp-home.js';
import { waitFor } from '../../helpers/wait-for.js';

const PRIMARY = resolve(import.meta.dirname, '..', '..', 'fixtures', 'sources-cluster-primary.js');
const APP = 'sources-cluster-primary';
const SLOW = { timeoutMs: 30_000, intervalMs: 100 };

describe('pid source on a node:cluster primary', () => {
  const dir = tmpHome('clmon-pid-');
  const logFile = join(dir.dir, 'app.log');
  const seen = new Set<number>();
  const events: SupervisorEvent[] = [];
  let primary: ChildProcess;
  let source: Source;

  const worker = async (id: number): Promise<WorkerInfo | undefined> => (await source.snapshot(true)).apps[0]!.workers.find((w) => w.id === id);
  const logText = (): string[] => events.flatMap((e) => (e.type === 'logs' ? e.lines.map((l) => l.text) : []));

  beforeAll(async () => {
    writeFileSync(logFile, 'an old line from before clmon attached\n');
    primary = spawn(process.execPath, [PRIMARY], { env: { ...process.env, LOG_FILE: logFile, WORKERS: '2' }, stdio: 'ignore' });
    await waitFor(async () => (await childPids(primary.pid!)).length === 2, { ...SLOW, what: 'two cluster workers' });
    await waitFor(() => readFileSync(logFile, 'utf8').split('worker online').length === 3, { ...SLOW, what: 'two online lines' });
    source = await createPidSource({ pid: primary.pid!, logFiles: [logFile] });
    source.subscribe((event) => events.push(event));
  });

  afterAll(async () => {
    await source?.close();
    killAll([primary?.pid, ...seen]);
    dir.remove();
  });

  it('shows the primary children as two workers of one app', async () => {
    expect(source).toMatchObject({ kind: 'pid', label: `pid ${primary.pid}` });
    const children = await childPids(primary.pid!);
    children.forEach((pid) => seen.add(pid));
    const app = await waitFor(
      async () => {
        const snap = await source.snapshot(true);
        return snap.apps[0]!.workers.every((w) => w.memory > 0) ? snap.apps[0] : null;
      },
      { ...SLOW, what: 'memory samples' },
    );
    expect(app).toMatchObject({ name: APP, mode: 'cluster', instances: 2, source: 'pid' });
    expect(app.workers.map((w) => [w.id, w.pid, w.status, w.restarts])).toEqual([
      [0, children[0], 'online', 0],
      [1, children[1], 'online', 0],
    ]);
    // whole milliseconds, as docs/json.md shows them (pidusage's ages carry float noise)
    for (const w of app.workers) expect(Number.isInteger(w.uptimeMs)).toBe(true);
  });

  it('shows the primary command line, cwd and environment as the app config', async () => {
    const { config } = (await source.snapshot(true)).apps[0]!;
    expect(config).toMatchObject({ script: PRIMARY, args: [], cwd: process.cwd(), interpreter: process.execPath, nodeArgs: [] });
    expect(config!.env).toMatchObject({ LOG_FILE: logFile, WORKERS: '2' });
  });

  it('backfills logs() from the end of the --log file', async () => {
    const lines = await source.logs({ lines: 10 });
    expect(lines.map((l) => l.text)).toEqual(readFileSync(logFile, 'utf8').trim().split('\n'));
    expect(lines.every((l) => l.app === APP && l.id === GROUP_LOG_ID && l.stream === 'out')).toBe(true);
  });

  it('shows a worker killed from outside, and re-forked by its primary, as a restart of its slot', async () => {
    const [victim, other] = [(await worker(0))!.pid!, (await worker(1))!.pid!];
    process.kill(victim, 'SIGKILL');
    const slot0 = await waitFor(
      async () => {
        const w = await worker(0);
        return w && w.pid !== null && w.pid !== victim ? w : null;
      },
      { ...SLOW, what: 'a new child in slot 0' },
    );
    seen.add(slot0.pid!);
    expect(slot0).toMatchObject({ status: 'online', restarts: 1, lastExit: { cause: 'crash', code: null, signal: null } });
    expect(await worker(1)).toMatchObject({ pid: other, restarts: 0, lastExit: null });
    expect(events.filter((e) => e.type === 'notice' && e.message.includes('best effort'))).toHaveLength(1);
    // The primary logs the new worker to the --log file, which the source follows.
    await waitFor(() => logText().includes(`worker online pid=${slot0.pid}`), { ...SLOW, what: 'the followed log line' });
    expect(logText()).toContain(`worker exited pid=${victim} code=null signal=SIGKILL`);
  });

  it('restart sends SIGTERM and kill sends SIGKILL, recorded as manual exits', async () => {
    const before = (await worker(1))!.pid!;
    await source.restart(`${APP}:1`);
    const slot1 = await waitFor(
      async () => {
        const w = await worker(1);
        return w && w.pid !== null && w.pid !== before ? w : null;
      },
      { ...SLOW, what: 'slot 1 replaced after SIGTERM' },
    );
    seen.add(slot1.pid!);
    expect(slot1).toMatchObject({ restarts: 1, lastExit: { cause: 'manual', signal: 'SIGTERM' } });
    expect(slot1.exits![0]!.killed).toBe(false);
    await waitFor(() => logText().includes(`worker exited pid=${before} code=null signal=SIGTERM`), { ...SLOW, what: 'SIGTERM in the log' });

    const before0 = (await worker(0))!.pid!;
    await source.kill(`${APP}:0`);
    const slot0 = await waitFor(
      async () => {
        const w = await worker(0);
        return w && w.pid !== null && w.pid !== before0 ? w : null;
      },
      { ...SLOW, what: 'slot 0 replaced after SIGKILL' },
    );
    seen.add(slot0.pid!);
    expect(slot0).toMatchObject({ restarts: 2, lastExit: { cause: 'manual', signal: 'SIGKILL' } });
    expect(slot0.exits!.map((e) => e.killed)).toEqual([true, false]);
  });

  it('says why reload, scale and stop are unavailable', async () => {
    for (const what of ['reload', 'scale', 'stopStart'] as const) expect(source.capabilities[what]).toMatch(/clmon did not start this group/);
    await expect(source.reload(APP)).rejects.toThrow(/cannot reload a foreign primary/);
    await expect(source.scale(APP, '3')).rejects.toThrow(/cannot scale a foreign primary/);
    await expect(source.stop(APP)).rejects.toBeInstanceOf(UserError);
    await expect(source.restart('web')).rejects.toThrow(/unknown app "web"/);
    await expect(source.restart(`${APP}:7`)).rejects.toThrow(/no worker sources-cluster-primary:7/);
  });

  it('follows appends to the --log file, a line written in two parts as one line', async () => {
    appendFileSync(logFile, 'first part');
    appendFileSync(logFile, ' and the rest\n');
    await waitFor(() => logText().includes('first part and the rest'), { ...SLOW, what: 'the joined line' });
    expect(logText().filter((t) => t.startsWith('first part'))).toHaveLength(1);
  });

  it('close() leaves no timer or open file behind, so the process can exit', async () => {
    const count = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout' || r === 'FileHandle').length;
    const before = count();
    const second = await createPidSource({ pid: primary.pid!, logFiles: [logFile], pollMs: 50 });
    await waitFor(() => count() > before);
    await second.close();
    await waitFor(() => count() <= before, { timeoutMs: 10_000, what: 'timers and files released' });
  });

  it('reports the primary exiting, its workers then stopped', async () => {
    const children = (await source.snapshot(true)).apps[0]!.workers.map((w) => w.pid!);
    children.forEach((pid) => seen.add(pid));
    primary.kill('SIGTERM');
    await waitFor(() => events.some((e) => e.type === 'notice' && e.level === 'error' && e.message.includes('has exited')), {
      ...SLOW,
      what: 'the exit notice',
    });
    const app = (await source.snapshot(true)).apps[0]!;
    expect(app.workers.map((w) => [w.status, w.pid])).toEqual([
      ['stopped', null],
      ['stopped', null],
    ]);
    for (const pid of children) await waitFor(() => !isAlive(pid), { ...SLOW, what: `worker ${pid} to exit` });
  });
});

describe('pid source input errors', () => {
  it('rejects a PID that does not exist with a UserError naming it', async () => {
    const err = await createPidSource({ pid: 2_147_483_647 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).exitCode).toBe(2);
    expect((err as Error).message).toContain('2147483647');
  });

  it('rejects a --log file that does not exist, naming it', async () => {
    await expect(createPidSource({ pid: process.pid, logFiles: ['/nonexistent/clmon.log'] })).rejects.toThrow(/--log \/nonexistent\/clmon\.log: no such file/);
  });
});
