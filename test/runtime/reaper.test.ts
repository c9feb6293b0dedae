// The reaper (src/runtime/reaper.sh) with real processes: EOF on its stdin kills what it tracks
// and whatever carries the token, even when nothing is tracked; a reaper that dies is replaced.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { distFile } from '../../src/runtime/runtime-files.js';
import { ReaperClient } from '../../src/supervisor/reaper-client.js';
import { killAll } from '../helpers/processes.js';
import { carrying, isAlive, killCarrying } from '../helpers/token-scan.js';
import { waitFor } from '../helpers/wait-for.js';

const STUBBORN = "process.on('SIGTERM', () => {}); process.on('SIGINT', () => {}); setInterval(() => {}, 1000); console.log('up')";
const started: number[] = [];
const tokens: string[] = [];
afterEach(() => {
  killAll(started.splice(0));
  for (const token of tokens.splice(0)) killCarrying(token);
});

/** A process that ignores SIGTERM, with `env` added; resolves once it runs its script. */
async function stubborn(env: Record<string, string> = {}): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-e', STUBBORN], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'ignore'], detached: true });
  child.unref();
  started.push(child.pid!);
  await new Promise((resolve) => child.stdout!.once('data', resolve));
  return child;
}

describe('reaper.sh', () => {
  it('nothing tracked: EOF still kills every process carrying the token (SIGKILL after SIGTERM)', async () => {
    const token = `test-${randomUUID()}`;
    tokens.push(token);
    const reaper = spawn('/bin/sh', [distFile('runtime/reaper.sh'), token], { stdio: ['pipe', 'ignore', 'ignore'], env: { PATH: process.env.PATH! } });
    started.push(reaper.pid!);
    const victim = await stubborn({ CLMON_SUPERVISOR: token });
    const bystander = await stubborn({ CLMON_SUPERVISOR: `test-${randomUUID()}` });
    expect(carrying(token)).toEqual([victim.pid]);
    reaper.stdin!.end();
    await waitFor(() => !isAlive(victim.pid!), { what: 'the token carrier gone', timeoutMs: 8000 });
    expect(isAlive(bystander.pid!)).toBe(true);
    await waitFor(() => reaper.exitCode !== null, { what: 'the reaper exited' });
  });

  it('tracked pids go too, and a "-pid" line forgets one', async () => {
    const token = `test-${randomUUID()}`;
    const reaper = spawn('/bin/sh', [distFile('runtime/reaper.sh'), token], { stdio: ['pipe', 'ignore', 'ignore'], env: { PATH: process.env.PATH! } });
    started.push(reaper.pid!);
    const tracked = await stubborn();
    const forgotten = await stubborn();
    reaper.stdin!.write(`+${tracked.pid}\n+${forgotten.pid}\nbogus\n+12x\n-${forgotten.pid}\n`);
    reaper.stdin!.end();
    await waitFor(() => !isAlive(tracked.pid!), { what: 'the tracked pid gone', timeoutMs: 8000 });
    await waitFor(() => reaper.exitCode !== null, { what: 'the reaper exited' });
    expect(isAlive(forgotten.pid!)).toBe(true);
  });
});

describe('ReaperClient', () => {
  it('a reaper that is killed is started again, with the pids it tracked', async () => {
    const client = new ReaperClient();
    const victim = await stubborn();
    client.track(victim.pid!);
    const first = await waitFor(() => client.pid, { what: 'the reaper started' });
    started.push(first);
    // It must have been up for a while: one that dies at once is not restarted.
    await new Promise((r) => setTimeout(r, 1100));
    process.kill(first, 'SIGKILL');
    const second = await waitFor(() => (client.pid !== first ? client.pid : undefined), { what: 'a new reaper' });
    started.push(second);
    expect(isAlive(second)).toBe(true);
    client.close();
    await waitFor(() => !isAlive(victim.pid!), { what: 'the tracked pid killed by the new reaper', timeoutMs: 8000 });
  });
});
