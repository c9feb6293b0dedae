// Two real workers flood their pipes as fast as they can: every line must reach the files whole
// and in order, the newest lines must be queryable, and the hub's buffers must stay under caps.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LogHub } from '../../src/logs/log-hub.js';
import type { LogLine } from '../../src/model/types.js';
import { logSpec } from './app-spec.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/logs-flood.js', import.meta.url));
const LINES = 100_000;
const ERR_EVERY = 10;
const RING = 2000;
const MAX_BATCH = 5000;
/** Small, so that the pipes really are paused for the disk now and then. */
const FILE_HWM = 4096;
/** A pipe read is at most 64 KiB: each of the 2 writers of a file may overshoot by one read. */
const FILE_BOUND = 2 * (FILE_HWM + 2 * 64 * 1024);

let dir: string;
let hub: LogHub | null = null;
const children: ChildProcess[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'clmon-logs-flood-'));
});

afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  await hub?.close();
  hub = null;
  rmSync(dir, { recursive: true, force: true });
});

function flood(tag: string): ChildProcess {
  const child = spawn(process.execPath, [FIXTURE, tag, String(LINES), String(ERR_EVERY)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return child;
}

const exited = (child: ChildProcess): Promise<number | null> =>
  new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    child.once('exit', (code) => resolve(code));
  });

/** Check that `lines` holds exactly `<tag> <n>` (or `<tag> err <n>`) for every expected n, in order. */
function expectSequence(lines: string[], tag: string, err: boolean): void {
  const prefix = err ? `${tag} err ` : `${tag} `;
  const mine = lines.filter((l) => l.startsWith(prefix) && (err || !l.startsWith(`${tag} err `)));
  const expected: string[] = [];
  for (let n = 0; n < LINES; n += err ? ERR_EVERY : 1) expected.push(`${prefix}${n}`);
  expect(mine.length).toBe(expected.length);
  // Compared as one string: a per-element diff of 100k lines would be unreadable.
  expect(mine.join('\n') === expected.join('\n')).toBe(true);
}

describe('LogHub under a flood from real workers', () => {
  it('writes every line whole and in order, and keeps its buffers bounded', async () => {
    hub = new LogHub({ logsDir: dir, ringSize: RING, maxBatchLines: MAX_BATCH, batchMs: 50, fileHighWaterMark: FILE_HWM });
    hub.configureApp(logSpec('flood'));
    const delivered: LogLine[] = [];
    let biggestBatch = 0;
    let ringPeak = 0;
    let pendingPeak = 0;
    let fileBufferedPeak = 0;
    hub.onBatch((lines) => {
      biggestBatch = Math.max(biggestBatch, lines.length);
      delivered.push(...lines);
      const stats = hub!.stats();
      ringPeak = Math.max(ringPeak, stats.ringLines);
      pendingPeak = Math.max(pendingPeak, stats.pendingLines);
      fileBufferedPeak = Math.max(fileBufferedPeak, stats.fileBufferedBytes);
    });

    const a = flood('a');
    const b = flood('b');
    const pumped = Promise.all([hub.attach('flood', 0, a.stdout, a.stderr), hub.attach('flood', 1, b.stdout, b.stderr)]);
    expect(await Promise.all([exited(a), exited(b)])).toEqual([0, 0]);
    await pumped;

    const recentAll = hub.recent({ lines: 10 });
    const recentB = hub.recent({ target: 'flood:1', lines: 5 });
    const tailA = hub.stderrTail('flood', 0, 3);
    const stats = hub.stats();
    await hub.close();

    // Bounded: the ring, each batch and the pending batch stayed under their caps throughout.
    expect(stats.ringLines).toBe(RING);
    expect(ringPeak).toBeLessThanOrEqual(RING);
    expect(biggestBatch).toBeLessThanOrEqual(MAX_BATCH);
    expect(stats.pendingPeak).toBeLessThanOrEqual(MAX_BATCH);
    expect(pendingPeak).toBeLessThanOrEqual(MAX_BATCH);
    expect(fileBufferedPeak).toBeLessThanOrEqual(FILE_BOUND);
    expect(stats.pauses).toBeGreaterThan(0);
    expect(tailA).toEqual([`a err ${LINES - 30}`, `a err ${LINES - 20}`, `a err ${LINES - 10}`]);

    // Files: every line, whole (nothing cut or glued), in order per worker.
    const out = readFileSync(join(dir, 'flood-out.log'), 'utf8').split('\n');
    const err = readFileSync(join(dir, 'flood-err.log'), 'utf8').split('\n');
    expect(out.pop()).toBe('');
    expect(err.pop()).toBe('');
    expect(out.every((l) => /^[ab] \d+$/.test(l))).toBe(true);
    expect(err.every((l) => /^[ab] err \d+$/.test(l))).toBe(true);
    for (const tag of ['a', 'b']) {
      expectSequence(out, tag, false);
      expectSequence(err, tag, true);
    }

    // Followers got every line once, in arrival order; recent() is the tail of that order.
    const total = 2 * LINES + (2 * LINES) / ERR_EVERY;
    expect(delivered).toHaveLength(total);
    expect(delivered.every((l, i) => i === 0 || l.seq > delivered[i - 1]!.seq)).toBe(true);
    expect(recentAll).toEqual(delivered.slice(-10));
    const inRing = delivered.slice(-RING);
    expect(recentB).toEqual(inRing.filter((l) => l.app === 'flood' && l.id === 1).slice(-5));
  }, 120_000);
});
