import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LogHub } from '../../src/logs/log-hub.js';
import type { LogLine } from '../../src/model/types.js';
import { logSpec } from './app-spec.js';

let dir: string;
let hub: LogHub;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'clmon-logs-hub-'));
});

afterEach(async () => {
  await hub.close();
  rmSync(dir, { recursive: true, force: true });
});

async function feed(app: string, id: number, out: string, err = ''): Promise<void> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const done = hub.attach(app, id, stdout, stderr);
  stdout.end(out);
  stderr.end(err);
  await done;
}

const texts = (lines: LogLine[]): string[] => lines.map((l) => `${l.app}:${l.id}:${l.stream}:${l.text}`);

describe('LogHub', () => {
  it('keeps sanitized lines with app, slot, stream, time and a growing seq', async () => {
    hub = new LogHub({ logsDir: dir });
    hub.configureApp(logSpec('web'));
    const before = Date.now();
    await feed('web', 2, '\u001b]0;title\u0007hello\n', 'bad\u001b[2J\n');
    const lines = hub.recent({ lines: 10 });
    expect(texts(lines)).toEqual(['web:2:out:hello', 'web:2:err:bad']);
    expect(lines[1]!.seq).toBeGreaterThan(lines[0]!.seq);
    expect(lines[0]!.at).toBeGreaterThanOrEqual(before);
  });

  it('answers recent() with the n newest matching lines, oldest first', async () => {
    hub = new LogHub({ logsDir: dir });
    hub.configureApp(logSpec('web'));
    hub.configureApp(logSpec('api'));
    await feed('web', 0, 'w0 a\nw0 b\n', 'w0 e\n');
    await feed('web', 1, 'w1 a\n');
    await feed('api', 0, 'a0 a\n', 'a0 e\n');
    expect(texts(hub.recent({ lines: 2 }))).toEqual(['api:0:out:a0 a', 'api:0:err:a0 e']);
    expect(texts(hub.recent({ target: 'all', lines: 3 }))).toEqual(['web:1:out:w1 a', 'api:0:out:a0 a', 'api:0:err:a0 e']);
    expect(texts(hub.recent({ target: 'web', lines: 10 }))).toEqual(['web:0:out:w0 a', 'web:0:out:w0 b', 'web:0:err:w0 e', 'web:1:out:w1 a']);
    expect(texts(hub.recent({ target: 'web:0', lines: 2 }))).toEqual(['web:0:out:w0 b', 'web:0:err:w0 e']);
    expect(texts(hub.recent({ stream: 'err', lines: 10 }))).toEqual(['web:0:err:w0 e', 'api:0:err:a0 e']);
    expect(hub.recent({ target: 'nope', lines: 10 })).toEqual([]);
    expect(hub.recent({ lines: 0 })).toEqual([]);
  });

  it('keeps at most ringSize lines, and within the character budget', async () => {
    hub = new LogHub({ logsDir: dir, ringSize: 100, maxRingChars: 1000 });
    hub.configureApp(logSpec('web'));
    await feed('web', 0, Array.from({ length: 500 }, (_, i) => `line ${i}`).join('\n') + '\n');
    expect(hub.stats().ringLines).toBe(100);
    expect(
      hub
        .recent({ lines: 1000 })
        .map((l) => l.text)
        .at(-1),
    ).toBe('line 499');
    await feed('web', 0, `${'x'.repeat(300)}\n`.repeat(10));
    expect(hub.stats().ringChars).toBeLessThanOrEqual(1000);
    expect(hub.stats().ringLines).toBe(3);
  });

  it('keeps a bounded, sanitized stderr tail per slot', async () => {
    hub = new LogHub({ logsDir: dir, tailSize: 30 });
    hub.configureApp(logSpec('web'));
    const err = Array.from({ length: 100 }, (_, i) => `\u001b[31merr ${i}\u001b[0m`).join('\n');
    await feed('web', 0, 'not stderr\n', `${err}\n`);
    await feed('web', 1, '', 'other slot\n');
    expect(hub.stderrTail('web', 0)).toEqual(Array.from({ length: 20 }, (_, i) => `err ${80 + i}`));
    expect(hub.stderrTail('web', 0, 100)).toHaveLength(30);
    expect(hub.stderrTail('web', 1)).toEqual(['other slot']);
    expect(hub.stderrTail('web', 7)).toEqual([]);
    hub.forgetSlot('web', 1);
    expect(hub.stderrTail('web', 1)).toEqual([]);
  });

  it('delivers batches in arrival order on its timer', async () => {
    hub = new LogHub({ logsDir: dir, batchMs: 20 });
    hub.configureApp(logSpec('web'));
    const got: LogLine[][] = [];
    hub.onBatch((lines) => got.push(lines));
    await feed('web', 0, 'a\nb\nc\n');
    await expect.poll(() => got.flat().length, { timeout: 10_000 }).toBe(3);
    expect(got.flat().map((l) => l.text)).toEqual(['a', 'b', 'c']);
  });

  it('delivers a batch early once it reaches maxBatchLines', async () => {
    hub = new LogHub({ logsDir: dir, batchMs: 60_000, maxBatchLines: 100 });
    hub.configureApp(logSpec('web'));
    const sizes: number[] = [];
    const seqs: number[] = [];
    const stop = hub.onBatch((lines) => {
      sizes.push(lines.length);
      seqs.push(...lines.map((l) => l.seq));
    });
    await feed('web', 0, Array.from({ length: 250 }, (_, i) => `l${i}`).join('\n') + '\n');
    expect(sizes).toEqual([100, 100]);
    expect(hub.stats().pendingPeak).toBe(100);
    await hub.close();
    expect(sizes).toEqual([100, 100, 50]);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    stop();
  });

  it('keeps delivering to other listeners when one throws, and reports it', async () => {
    const errors: string[] = [];
    hub = new LogHub({ logsDir: dir, batchMs: 5, onError: (m) => errors.push(m) });
    hub.configureApp(logSpec('web'));
    const got: string[] = [];
    hub.onBatch(() => {
      throw new Error('listener broke');
    });
    const stop = hub.onBatch((lines) => got.push(...lines.map((l) => l.text)));
    await feed('web', 0, 'one\n');
    await expect.poll(() => got, { timeout: 10_000 }).toEqual(['one']);
    expect(errors[0]).toMatch(/listener broke/);
    stop();
    await feed('web', 0, 'two\n');
    await hub.close();
    expect(got).toEqual(['one']);
  });

  it('resolves attach when both pipes ended, also with a null pipe', async () => {
    hub = new LogHub({ logsDir: dir });
    hub.configureApp(logSpec('web'));
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let resolved = false;
    const done = hub.attach('web', 0, stdout, stderr).then(() => (resolved = true));
    stdout.end('x\n');
    await new Promise((r) => setImmediate(r));
    expect(resolved).toBe(false);
    stderr.end('last words');
    await done;
    expect(hub.stderrTail('web', 0)).toEqual(['last words']);
    await hub.attach('web', 1, null, null);
    const destroyed = new PassThrough();
    const gone = hub.attach('web', 2, destroyed, null);
    destroyed.write('partial');
    destroyed.destroy();
    await gone;
    expect(hub.recent({ target: 'web:2', lines: 5 }).map((l) => l.text)).toEqual(['partial']);
  });

  it('cuts an overlong line with a visible marker', async () => {
    hub = new LogHub({ logsDir: dir, maxLineBytes: 16 });
    hub.configureApp(logSpec('web'));
    await feed('web', 0, `${'a'.repeat(40)}\nshort\n`);
    expect(hub.recent({ lines: 5 }).map((l) => l.text)).toEqual([`${'a'.repeat(16)} …[cut 24 bytes]`, 'short']);
  });
});
