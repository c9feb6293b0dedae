// No orphan, ever (docs/supervision.md#stopping): whatever a worker starts goes with it on every exit, a crash
// included, found by the env token even once re-parented; zombies do not count as alive, and
// the process tree is read from /proc without `ps`.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { isAlive, processTree } from '../../src/supervisor/kill-tree.js';
import { appSpec, fixture } from '../helpers/app-spec.js';
import { carrying, killCarrying } from '../helpers/token-scan.js';
import { killAll } from '../helpers/processes.js';
import { waitFor } from '../helpers/wait-for.js';
import { harness, type Harness } from './harness.js';

let h: Harness | undefined;
let token: string | undefined;
const started: number[] = [];
afterEach(async () => {
  await h?.close();
  h = undefined;
  killCarrying(token);
  token = undefined;
  killAll(started.splice(0));
});

async function childPids(app: string, count: number): Promise<number[]> {
  return waitFor(
    async () => {
      const lines = (await h!.sup.logs({ target: app, lines: 200 })).filter((l) => l.text.startsWith('child '));
      return lines.length >= count ? lines.map((l) => Number(l.text.split(' ')[1])) : null;
    },
    { what: `${count} child pid lines` },
  );
}

describe('a crash loop of a worker that starts children', () => {
  it.each(['fork', 'cluster'] as const)('leaves no child behind once errored (%s mode)', async (execMode) => {
    h = harness();
    await h.start(appSpec({ name: 'parent', script: fixture('sup-crash-child.cjs'), execMode, maxRestarts: 3, minUptime: 60_000 }));
    token = h.sup.token;
    await h.waitWorker('parent', 0, (w) => w.status === 'errored', 'errored', 30_000);
    const children = await childPids('parent', 4);
    expect(children).toHaveLength(4);
    // Each crash's child is stopped with its worker; none survives, re-parented or not.
    await waitFor(() => children.every((pid) => !isAlive(pid)), { what: 'every child gone', timeoutMs: 5000 });
    expect(carrying(token)).toEqual([]);
  });
});

describe('process liveness and trees from /proc', () => {
  it('a zombie is not alive', async () => {
    // sh forks a short sleep, then execs a long one that never waits for it: a zombie.
    const sh = spawn('sh', ['-c', 'sleep 0.1 & echo $!; exec sleep 30'], { stdio: ['ignore', 'pipe', 'ignore'] });
    started.push(sh.pid!);
    const zombie = await new Promise<number>((resolve) => sh.stdout!.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))));
    await waitFor(() => /\) Z/.test(readStat(zombie)), { what: 'the zombie state' });
    expect(isAlive(zombie)).toBe(false);
    expect(isAlive(sh.pid!)).toBe(true);
  });

  it('finds grandchildren without `ps` on PATH', async () => {
    const parent = spawn(process.execPath, [fixture('sup-tree.cjs')], { stdio: ['ignore', 'pipe', 'ignore'] });
    started.push(parent.pid!);
    const child = await new Promise<number>((resolve) => parent.stdout!.once('data', (d: Buffer) => resolve(Number(/child (\d+)/.exec(d.toString())![1]))));
    started.push(child);
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      expect(await processTree(parent.pid!)).toEqual([parent.pid!, child]);
    } finally {
      process.env.PATH = path;
    }
  });
});

function readStat(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return '';
  }
}
