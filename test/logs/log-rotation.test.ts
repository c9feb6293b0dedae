// Log rotation by the supervisor (docs/configuration.md#logs) with real flooding workers: rename and reopen, so
// every line is in exactly one file (live or rotated), whole and in order, for every file of
// every instance; retention, gzip, flush under a flood, and a write failure that recovers.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LogHub } from '../../src/logs/log-hub.js';
import { listRotated } from '../../src/logs/rotated-files.js';
import { waitFor } from '../helpers/wait-for.js';
import { logSpec } from './app-spec.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/logs-flood.js', import.meta.url));
const LINES = 100_000;
const ERR_EVERY = 4;
const MiB = 1024 * 1024;
/** Long tags: ~45 bytes a line, so 100k lines per worker rotate the files several times. */
const TAGS = ['a'.repeat(36), 'b'.repeat(36)];

let dir: string;
let hub: LogHub | null = null;
const children: ChildProcess[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'clmon-logs-rotate-'));
});

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await hub?.close();
  hub = null;
  rmSync(dir, { recursive: true, force: true });
});

function flood(tag: string, lines = LINES): ChildProcess {
  const child = spawn(process.execPath, [FIXTURE, tag, String(lines), String(ERR_EVERY)], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return child;
}

const exited = (child: ChildProcess): Promise<number | null> =>
  new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));

/** The rotated files (oldest first) then the live file, as they sort by name. */
function fileSet(live: string): string[] {
  return [...listRotated(live).map((f) => f.path), live];
}

function readAny(path: string): string {
  const data = readFileSync(path);
  return path.endsWith('.gz') ? gunzipSync(data).toString('utf8') : data.toString('utf8');
}

/** Every line of a file set, in order; each file must end with a whole line. */
function linesOf(live: string): string[] {
  const lines: string[] = [];
  for (const path of fileSet(live)) {
    const text = readAny(path);
    if (text === '') continue;
    expect(text.endsWith('\n'), `${path} ends with a whole line`).toBe(true);
    lines.push(...text.slice(0, -1).split('\n'));
  }
  return lines;
}

/** Exactly `<tag> n` (or `<tag> err n`) for every n, once, in order. */
function expectEveryLineOnce(lines: string[], tag: string, err: boolean, count = LINES): void {
  const prefix = err ? `${tag} err ` : `${tag} `;
  const mine = lines.filter((l) => l.startsWith(prefix) && (err || !l.startsWith(`${tag} err `)));
  const expected: string[] = [];
  for (let n = 0; n < count; n += err ? ERR_EVERY : 1) expected.push(`${prefix}${n}`);
  expect(mine.length).toBe(expected.length);
  expect(mine.join('\n') === expected.join('\n')).toBe(true);
}

async function floodTwo(app: string, lines = LINES): Promise<void> {
  const [a, b] = TAGS.map((tag) => flood(tag, lines));
  const pumped = Promise.all([hub!.attach(app, 0, a!.stdout, a!.stderr), hub!.attach(app, 1, b!.stdout, b!.stderr)]);
  expect(await Promise.all([exited(a!), exited(b!)])).toEqual([0, 0]);
  await pumped;
}

describe('log rotation under a flood', () => {
  it('2 workers x 100,000 lines, log_max_size 1M: every line exactly once across live and rotated files, of every file', async () => {
    hub = new LogHub({ logsDir: dir, fileHighWaterMark: 64 * 1024 });
    // default merged files, plus a log_file split per instance (merge_logs false)
    hub.configureApp(logSpec('flood', { logMaxSize: MiB, logRetain: 1000, logFile: join(dir, 'all.log'), mergeLogs: false }));
    await floodTwo('flood');
    await hub.close();

    const out = join(dir, 'flood-out.log');
    const err = join(dir, 'flood-err.log');
    for (const live of [out, err, join(dir, 'all-0.log'), join(dir, 'all-1.log')]) {
      const rotated = listRotated(live);
      expect(rotated.length, `${basename(live)} was rotated`).toBeGreaterThan(0);
      for (const file of rotated) {
        // names start with the live file's name; each file is cut at log_max_size (+ one pipe read)
        expect(basename(file.path).startsWith(`${basename(live)}.`)).toBe(true);
        expect(statSync(file.path).size).toBeLessThanOrEqual(MiB + 64 * 1024);
      }
      // sorted by name = oldest to newest: the concatenation is in order (checked below)
      const names = rotated.map((f) => basename(f.path));
      expect([...names].sort()).toEqual(names);
    }
    const outLines = linesOf(out);
    const errLines = linesOf(err);
    for (const tag of TAGS) {
      expectEveryLineOnce(outLines, tag, false);
      expectEveryLineOnce(errLines, tag, true);
    }
    // the per-instance combined files: slot 0 holds only worker a's lines, both streams
    for (const [id, tag] of TAGS.entries()) {
      const all = linesOf(join(dir, `all-${id}.log`));
      expect(all.every((l) => l.startsWith(`${tag} `))).toBe(true);
      expectEveryLineOnce(all, tag, false);
      expectEveryLineOnce(all, tag, true);
    }
  }, 120_000);

  it('keeps log_retain rotated files, deleting the oldest; log_compress gzips them', async () => {
    hub = new LogHub({ logsDir: dir });
    hub.configureApp(logSpec('small', { logMaxSize: 64 * 1024, logRetain: 3, logCompress: true }));
    const child = flood(TAGS[0]!, 20_000);
    const pumped = hub.attach('small', 0, child.stdout, child.stderr);
    expect(await exited(child)).toBe(0);
    await pumped;
    await hub.close();
    const live = join(dir, 'small-out.log');
    const rotated = listRotated(live);
    expect(rotated).toHaveLength(3);
    expect(rotated.every((f) => f.gzip && f.path.endsWith('.gz'))).toBe(true);
    // no plain copy or temporary file is left beside them
    const names = readdirSync(dir).filter((n) => n.startsWith('small-out.log'));
    expect(names.sort()).toEqual([...rotated.map((f) => basename(f.path)), 'small-out.log'].sort());
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    // what is kept is the newest part, contiguous up to the last line
    const lines = linesOf(live);
    for (const tag of [TAGS[0]!]) {
      const mine = lines.filter((l) => l.startsWith(`${tag} `));
      const first = Number(mine[0]!.split(' ')[1]);
      expect(first).toBeGreaterThan(0);
      expect(mine).toEqual(Array.from({ length: 20_000 - first }, (_, i) => `${tag} ${first + i}`));
    }
  }, 60_000);
});

describe('flush', () => {
  it('empties live and rotated files during a flood and loses no line written after it', async () => {
    hub = new LogHub({ logsDir: dir, fileHighWaterMark: 64 * 1024 });
    hub.configureApp(logSpec('busy', { logMaxSize: 256 * 1024, logRetain: 1000 }));
    const [a, b] = TAGS.map((tag) => flood(tag));
    const pumped = Promise.all([hub.attach('busy', 0, a!.stdout, a!.stderr), hub.attach('busy', 1, b!.stdout, b!.stderr)]);
    const live = join(dir, 'busy-out.log');
    await waitFor(() => listRotated(live).length >= 2, { what: 'two rotations before the flush' });
    const before = listRotated(live).map((f) => f.path);
    const flushed = await hub.flushFiles(['busy']);
    expect(flushed.sort()).toEqual([join(dir, 'busy-err.log'), live].sort());
    for (const path of before) expect(() => statSync(path)).toThrow();
    expect(await Promise.all([exited(a!), exited(b!)])).toEqual([0, 0]);
    await pumped;
    await hub.close();
    // after the flush: a contiguous run of each worker's lines up to its very last one (a worker
    // that started late may have written all its lines after the flush), and the lines written
    // before the flush are gone
    const lines = linesOf(live);
    expect(lines.length).toBeLessThan(2 * LINES);
    for (const tag of TAGS) {
      const mine = lines.filter((l) => l.startsWith(`${tag} `));
      const first = Number(mine[0]!.split(' ')[1]);
      expect(mine.join('\n') === Array.from({ length: LINES - first }, (_, i) => `${tag} ${first + i}`).join('\n')).toBe(true);
    }
  }, 120_000);
});

describe('a log file whose writes fail', () => {
  it('is reported, shown as a problem, retried, and written again once the disk takes writes', async () => {
    const errors: string[] = [];
    const recovered: string[] = [];
    const path = join(dir, 'full.log');
    symlinkSync('/dev/full', path); // every write: ENOSPC, a real "disk full"
    hub = new LogHub({ logsDir: dir, onError: (m) => errors.push(m), onRecovered: (m) => recovered.push(m) });
    hub.configureApp(logSpec('full', { outFile: path, mergeLogs: true }));
    const child = flood('c', 1000);
    const pumped = hub.attach('full', 0, child.stdout, child.stderr);
    expect(await exited(child)).toBe(0);
    await pumped;
    await waitFor(() => errors.length > 0, { what: 'the failure report' });
    expect(errors[0]).toMatch(/log file ".*full\.log": ENOSPC.*retries every 1 s/);
    expect(hub.fileProblems('full')).toMatchObject([{ path, error: expect.stringMatching(/ENOSPC/) }]);

    // the disk has room again: the file is reopened and the kept lines are written, in order
    unlinkSync(path);
    await waitFor(() => recovered.length > 0, { timeoutMs: 5000, what: 'recovery' });
    expect(recovered[0]).toMatch(/writing again/);
    expect(hub.fileProblems('full')).toEqual([]);
    await hub.close();
    expectEveryLineOnce(readFileSync(path, 'utf8').trimEnd().split('\n'), 'c', false, 1000);
    expect(errors).toHaveLength(1);
  }, 30_000);

  it('keeps at most the high-water mark meanwhile and counts every line it could not keep', async () => {
    const path = join(dir, 'full.log');
    symlinkSync('/dev/full', path);
    const recovered: string[] = [];
    hub = new LogHub({ logsDir: dir, fileHighWaterMark: 4096, onRecovered: (m) => recovered.push(m) });
    hub.configureApp(logSpec('full', { outFile: path, mergeLogs: true }));
    const child = flood('d'); // its stdout lines go to this file
    const pumped = hub.attach('full', 0, child.stdout, child.stderr);
    expect(await exited(child)).toBe(0);
    await pumped;
    const dropped = hub.fileProblems('full')[0]!.droppedLines;
    expect(dropped).toBeGreaterThan(0);
    unlinkSync(path);
    await waitFor(() => recovered.length > 0, { timeoutMs: 5000, what: 'recovery' });
    expect(recovered[0]).toContain(`${dropped} line(s) could not be kept meanwhile`);
    await hub.close();
    const kept = readFileSync(path, 'utf8').trimEnd().split('\n');
    expect(kept.length + dropped).toBe(LINES);
    expect(kept.every((line) => /^d \d+$/.test(line))).toBe(true);
  }, 30_000);
});

describe('recent lines across a rotation boundary and a restart', () => {
  it("after a restart, the N most recent lines come from this run and, before them, the earlier run's live and rotated files", async () => {
    const spec = logSpec('web', { logMaxSize: 4096, logRetain: 100 });
    hub = new LogHub({ logsDir: dir });
    hub.configureApp(spec);
    const earlier = Array.from({ length: 3000 }, (_, i) => `earlier ${i}`);
    const { PassThrough } = await import('node:stream');
    const feedLines = async (h: LogHub, lines: string[]): Promise<void> => {
      const out = new PassThrough();
      const done = h.attach('web', 0, out, null);
      for (const line of lines) out.write(`${line}\n`);
      out.end();
      await done;
    };
    await feedLines(hub, earlier);
    await hub.close();
    expect(listRotated(join(dir, 'web-out.log')).length).toBeGreaterThan(1); // several boundaries are crossed

    hub = new LogHub({ logsDir: dir }); // the daemon restarted (resurrect after a reboot)
    hub.configureApp(spec);
    await feedLines(hub, ['now 0', 'now 1', 'now 2']);
    const lines = hub.recentWithHistory({ lines: 2500 });
    expect(lines.map((l) => l.text)).toEqual([...earlier.slice(-2497), 'now 0', 'now 1', 'now 2']);
    expect(lines.slice(0, 2497).every((l) => l.id === -1 && l.app === 'web' && l.stream === 'out')).toBe(true);
    expect(lines.slice(-3).every((l) => l.id === 0)).toBe(true);
    // this run's own lines alone when they are enough
    expect(hub.recentWithHistory({ lines: 2 }).map((l) => l.text)).toEqual(['now 1', 'now 2']);
  });
});
