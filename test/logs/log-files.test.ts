import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { LogHub } from '../../src/logs/log-hub.js';
import { defaultLogPath, logFileRules, rulePath } from '../../src/logs/log-paths.js';
import { logSpec } from './app-spec.js';

let dir: string;
let hub: LogHub | null = null;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'clmon-logs-files-'));
});

afterEach(async () => {
  await hub?.close();
  hub = null;
  rmSync(dir, { recursive: true, force: true });
});

/** Push text through a fake worker slot and wait until the hub took every line. */
async function feed(h: LogHub, app: string, id: number, out: string, err = ''): Promise<void> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const done = h.attach(app, id, stdout, stderr);
  stdout.end(out);
  stderr.end(err);
  await done;
}

const read = (path: string): string => readFileSync(path, 'utf8');

describe('logFileRules', () => {
  it('defaults to <logsDir>/<app>-out.log and -err.log, merged', () => {
    const rules = logFileRules(logSpec('web'), '/h/logs');
    expect(rules.out).toEqual([{ path: '/h/logs/web-out.log', field: null, perInstance: false }]);
    expect(rules.err).toEqual([{ path: '/h/logs/web-err.log', field: null, perInstance: false }]);
  });

  it('replaces characters unsafe in a file name', () => {
    expect(defaultLogPath('/l', 'my app/../x', 'err')).toBe('/l/my-app-..-x-err.log');
  });

  it('sends both streams to log_file in addition to the others', () => {
    const rules = logFileRules(logSpec('web', { outFile: '/v/o.log', logFile: '/v/all.log' }), '/l');
    expect(rules.out.map((r) => r.path)).toEqual(['/v/o.log', '/v/all.log']);
    expect(rules.err.map((r) => r.path)).toEqual(['/l/web-err.log', '/v/all.log']);
  });

  it('splits configured files per slot without merge_logs, keeping default files merged', () => {
    const rules = logFileRules(logSpec('web', { outFile: '/v/web.out.log', logFile: '/v/all', mergeLogs: false }), '/l');
    expect(rules.out.map((r) => rulePath(r, 3))).toEqual(['/v/web.out-3.log', '/v/all-3']);
    expect(rules.err.map((r) => rulePath(r, 3))).toEqual(['/l/web-err.log', '/v/all-3']);
  });

  it('drops /dev/null entirely', () => {
    const rules = logFileRules(logSpec('web', { outFile: '/dev/null', errorFile: '/dev/null', mergeLogs: false }), '/l');
    expect(rules).toEqual({ out: [], err: [] });
  });
});

describe('LogHub files', () => {
  it('writes raw lines of every slot to the default files', async () => {
    hub = new LogHub({ logsDir: join(dir, 'logs') });
    hub.configureApp(logSpec('web'));
    await feed(hub, 'web', 0, 'zero a\n\u001b[31mred\u001b[0m\n', 'oops 0\n');
    await feed(hub, 'web', 1, 'one a\npartial', 'oops 1\n');
    await hub.close();
    expect(read(join(dir, 'logs/web-out.log'))).toBe('zero a\n\u001b[31mred\u001b[0m\none a\npartial\n');
    expect(read(join(dir, 'logs/web-err.log'))).toBe('oops 0\noops 1\n');
  });

  it('appends to existing files', async () => {
    const out = join(dir, 'out.log');
    writeFileSync(out, 'before\n');
    hub = new LogHub({ logsDir: dir });
    hub.configureApp(logSpec('web', { outFile: out, mergeLogs: true }));
    await feed(hub, 'web', 0, 'after\n');
    await hub.close();
    expect(read(out)).toBe('before\nafter\n');
  });

  it('prefixes each line with log_date_format, or ISO time for time: true', async () => {
    hub = new LogHub({ logsDir: dir });
    hub.configureApp(logSpec('fmt', { logDateFormat: 'YYYY-MM-DD HH:mm:ss' }));
    hub.configureApp(logSpec('iso', { time: true }));
    await feed(hub, 'fmt', 0, 'a\nb\n');
    await feed(hub, 'iso', 0, 'c\n');
    await hub.close();
    expect(read(join(dir, 'fmt-out.log'))).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d: a\n\d{4}-\d\d-\d\d \d\d:\d\d:\d\d: b\n$/);
    expect(read(join(dir, 'iso-out.log'))).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z: c\n$/);
  });

  it('writes log_file with both streams, once per line even when it is also out_file', async () => {
    const all = join(dir, 'all.log');
    hub = new LogHub({ logsDir: dir });
    hub.configureApp(logSpec('web', { outFile: all, logFile: all, mergeLogs: true }));
    await feed(hub, 'web', 0, 'out line\n', 'err line\n');
    await hub.close();
    expect(read(all).split('\n').sort()).toEqual(['', 'err line', 'out line']);
    expect(read(join(dir, 'web-err.log'))).toBe('err line\n');
  });

  it('gives each slot its own configured file without merge_logs', async () => {
    hub = new LogHub({ logsDir: dir });
    hub.configureApp(logSpec('web', { outFile: join(dir, 'sub/web.log'), mergeLogs: false }));
    await feed(hub, 'web', 0, 'from 0\n', 'e0\n');
    await feed(hub, 'web', 1, 'from 1\n', 'e1\n');
    await hub.close();
    expect(read(join(dir, 'sub/web-0.log'))).toBe('from 0\n');
    expect(read(join(dir, 'sub/web-1.log'))).toBe('from 1\n');
    expect(existsSync(join(dir, 'sub/web.log'))).toBe(false);
    expect(read(join(dir, 'web-err.log'))).toBe('e0\ne1\n');
  });

  it('accepts /dev/null and writes nothing for it', async () => {
    hub = new LogHub({ logsDir: dir });
    hub.configureApp(logSpec('quiet', { outFile: '/dev/null' }));
    await feed(hub, 'quiet', 0, 'gone\n', 'kept\n');
    expect(hub.recent({ lines: 10 }).map((l) => l.text)).toEqual(['gone', 'kept']);
    await hub.close();
    expect(existsSync(join(dir, 'quiet-out.log'))).toBe(false);
    expect(read(join(dir, 'quiet-err.log'))).toBe('kept\n');
  });

  it('rejects a path that cannot be opened, naming the field and the path', () => {
    const blocker = join(dir, 'a-file');
    writeFileSync(blocker, '');
    hub = new LogHub({ logsDir: dir });
    const bad = join(blocker, 'out.log');
    expect(() => hub!.configureApp(logSpec('web', { outFile: bad }))).toThrow(UserError);
    expect(() => hub!.configureApp(logSpec('web', { outFile: bad }))).toThrow(new RegExp(`app "web": cannot open out_file "${bad}" \\((EEXIST|ENOTDIR)`));
    expect(() => hub!.configureApp(logSpec('web', { errorFile: bad, mergeLogs: false }))).toThrow(/error_file/);
  });

  it('reopens files when an app is configured again', async () => {
    hub = new LogHub({ logsDir: dir });
    hub.configureApp(logSpec('web', { outFile: join(dir, 'first.log'), mergeLogs: true }));
    await feed(hub, 'web', 0, 'one\n');
    hub.configureApp(logSpec('web', { outFile: join(dir, 'second.log'), mergeLogs: true }));
    await feed(hub, 'web', 0, 'two\n');
    await hub.close();
    expect(read(join(dir, 'first.log'))).toBe('one\n');
    expect(read(join(dir, 'second.log'))).toBe('two\n');
  });

  it('stops writing an app once it is removed', async () => {
    hub = new LogHub({ logsDir: dir });
    hub.configureApp(logSpec('web'));
    await feed(hub, 'web', 0, 'kept\n', 'err\n');
    expect(hub.stderrTail('web', 0)).toEqual(['err']);
    await hub.removeApp('web');
    expect(hub.stderrTail('web', 0)).toEqual([]);
    await feed(hub, 'web', 0, 'late\n');
    expect(read(join(dir, 'web-out.log'))).toBe('kept\n');
  });

  it('pauses the pipe while the file is behind and loses no line', async () => {
    hub = new LogHub({ logsDir: dir, fileHighWaterMark: 64 });
    hub.configureApp(logSpec('web'));
    const stdout = new PassThrough({ highWaterMark: 1024 });
    const done = hub.attach('web', 0, stdout, null);
    const expected: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const line = `line ${i} ${'p'.repeat(i % 50)}`;
      expected.push(line);
      if (!stdout.write(`${line}\n`)) await new Promise((r) => stdout.once('drain', r));
    }
    stdout.end();
    await done;
    expect(hub.stats().pauses).toBeGreaterThan(0);
    await hub.close();
    expect(read(join(dir, 'web-out.log'))).toBe(`${expected.join('\n')}\n`);
  });
});
