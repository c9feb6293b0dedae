import { describe, expect, it } from 'vitest';
import { detailDocument, detailLines } from '../../src/ui/detail-model.js';
import { lineText } from '../../src/ui/line.js';
import { app, exit, worker } from './helpers/snapshots.js';

const text = (lines: ReturnType<typeof detailLines>): string[] => lines.map(lineText);

describe('detailLines', () => {
  it('explains an errored worker: why, how to restart, and its exits most recent first', () => {
    const exits = [
      exit({ at: '2026-01-01T12:00:03.000Z', code: 1, uptimeMs: 310, stderrTail: ['old 1', 'old 2', 'Error: boom', 'at main.js:3'] }),
      exit({ at: '2026-01-01T12:00:02.000Z', code: 1, uptimeMs: 250, stderrTail: ['old 1', 'old 2'] }),
      exit({ at: '2026-01-01T12:00:00.000Z', code: null, signal: 'SIGKILL', cause: 'memory', killed: true, uptimeMs: 300_000 }),
    ];
    const w = worker(1, { status: 'errored', pid: null, restarts: 16, reason: '16 unstable restarts in a row', exits });
    const out = text(detailLines(app('web', [w]), w, 0, 100));
    expect(out[0]).toMatch(/^web:1\s+errored .*16 restarts/);
    expect(out[1]).toBe('Given up: 16 unstable restarts in a row.');
    expect(out[2]).toBe('Press r to restart it.');
    expect(out[3]).toBe('3 exits in 3s: 2× crash, exit 1, 1× memory, signal SIGKILL · runs lasted 250ms–5m00s · SIGKILL needed 1×');
    const first = out.findIndex((l) => l.includes('exit 1') && l.includes('ran 310ms'));
    // only what is new since the exit below: the tail is a rolling window
    expect(out.slice(first + 1, first + 3)).toEqual(['    │ Error: boom', '    │ at main.js:3']);
    expect(out[first + 3]).toMatch(/exit 1 .*ran 250ms/);
    expect(out.some((l) => l.includes('signal SIGKILL') && l.includes('SIGKILL needed'))).toBe(true);
    const config = out.indexOf('Configuration');
    expect(out[config - 2]).toContain('(no stderr before this exit)');
  });

  it('shows the crash error of the latest exit with its top frames, the heap and the report; older ones by message (docs/supervision.md#crash-forensics-and-diagnostics)', () => {
    const error = {
      message: 'Error: boom \u001b[31mred',
      frames: Array.from({ length: 8 }, (_, i) => `at frame${i} (/srv/app.js:${i + 1}:5)`),
      trigger: 'Exception',
      heap: { used: 5 * 1048576, total: 8 * 1048576, limit: 64 * 1048576 },
    };
    const exits = [
      exit({ code: 1, error, report: '/h/reports/web/report.1.json' }),
      exit({ code: 1, error: { ...error, message: 'Error: older' }, report: '/h/reports/web/report.0.json' }),
    ];
    const w = worker(0, { status: 'online', restarts: 2, exits });
    const out = text(detailLines(app('web', [w]), w, 0, 100));
    const at = out.indexOf('    ✖ Error: boom red');
    expect(at).toBeGreaterThan(0);
    expect(out.slice(at + 1, at + 6)).toEqual([0, 1, 2, 3, 4].map((i) => `        at frame${i} (/srv/app.js:${i + 1}:5)`));
    expect(out[at + 6]).toBe('        … 3 more frames in the report');
    expect(out[at + 7]).toBe('    heap 5.0M used of 8.0M · limit 64.0M');
    expect(out[at + 8]).toBe('    report /h/reports/web/report.1.json');
    expect(out).toContain('    ✖ Error: older');
    expect(out.filter((l) => l.includes('at frame0'))).toHaveLength(1);
  });

  it('collapses identical tails and says when nothing new was written', () => {
    const exits = [exit({ stderrTail: ['same'] }), exit({ stderrTail: ['same'] })];
    const w = worker(0, { status: 'online', restarts: 2, exits });
    const out = text(detailLines(app('web', [w]), w, 0, 100));
    expect(out).toContain('      (same stderr as the exit below)');
  });

  it('shows the countdown of a waiting worker', () => {
    const w = worker(0, { status: 'waiting', pid: null, restartInMs: 4500, exits: [exit()] });
    expect(text(detailLines(app('web', [w]), w, 1000, 100))[1]).toContain('Restarting in 3.5s');
  });

  it('says so when a worker never exited, or when the source has no history', () => {
    const fresh = worker(0);
    expect(text(detailLines(app('web', [fresh]), fresh, 0, 100))).toContain('No exits recorded: this worker has not stopped or crashed yet.');
    const onlyLast = worker(0, { lastExit: { at: '2026-01-01T12:00:00.000Z', code: 2, signal: null, uptimeMs: 10, cause: 'crash' } });
    const out = text(detailLines(app('web', [onlyLast]), onlyLast, 0, 100));
    expect(out.some((l) => l.includes('exit 2'))).toBe(true);
    expect(out.some((l) => l.includes('no history from this source'))).toBe(true);
  });

  it('caps the stderr shown for the latest exit and sanitizes it', () => {
    const tail = Array.from({ length: 20 }, (_, i) => `line ${i}\x1b[31m`);
    const w = worker(0, { exits: [exit({ stderrTail: tail })] });
    const out = text(detailLines(app('web', [w]), w, 0, 100));
    expect(out).toContain('      … 10 earlier line(s)');
    expect(out).toContain('    │ line 19');
    expect(out.join('\n')).not.toContain('\x1b');
  });

  it('wraps a long reason instead of cutting it', () => {
    const w = worker(0, { status: 'errored', pid: null, reason: 'x '.repeat(60).trim() });
    const out = text(detailLines(app('web', [w]), w, 0, 40));
    expect(out.filter((l) => l.startsWith('Given up') || l.startsWith('x')).length).toBeGreaterThan(2);
    for (const l of out.slice(1, 4)) expect(l.length).toBeLessThanOrEqual(40);
  });

  it('keeps the columns of an exit apart, whatever their length', () => {
    const w = worker(0, { exits: [exit({ code: null, signal: 'SIGKILL', cause: 'manual', uptimeMs: 14_000 })] });
    const out = text(detailLines(app('web', [w]), w, 0, 100));
    expect(out.find((l) => l.startsWith('  ') && l.includes('SIGKILL'))).toMatch(/^ {2}\d\d:\d\d:\d\d {2}signal SIGKILL {2}manual {4}ran 14s$/);
  });

  it('ends with the configuration and the env, the app-specific variables first', () => {
    const config = {
      script: '/srv/web/server.js',
      args: ['--port', '3000', 'two words'],
      cwd: '/srv/web',
      interpreter: 'node',
      nodeArgs: ['--max-old-space-size=512'],
      settings: { max_restarts: 16, min_uptime: 1000, max_memory_restart: 150 * 1024 * 1024, exec_mode: 'cluster', autorestart: true },
      env: { PATH: '/usr/bin', NODE_ENV: 'production', PORT: '3000', HOME: '/root' },
    };
    const w = worker(0, { exits: [exit()] });
    const doc = detailDocument(app('web', [w], { config }), w, 0, 80, { PATH: '/usr/bin', HOME: '/root', PORT: '8080' });
    const out = text(doc.lines);
    expect(out[doc.configAt]).toBe('Configuration');
    expect(out.slice(doc.configAt + 1, doc.configAt + 5)).toEqual([
      '  script        /srv/web/server.js --port 3000 "two words"',
      '  cwd           /srv/web',
      '  interpreter   node --max-old-space-size=512',
      '  settings      autorestart true · exec_mode cluster · max_memory_restart 150M ·',
    ]);
    expect(out[doc.configAt + 5]).toBe('                max_restarts 16 · min_uptime 1s');
    const env = out.slice(out.findIndex((l) => l.startsWith('Environment')));
    expect(env).toEqual([
      'Environment  2 set for this app, 2 the same as in this shell',
      '  NODE_ENV=production',
      '  PORT=3000',
      '  the same as in this shell:',
      '  HOME=/root',
      '  PATH=/usr/bin',
    ]);
    for (const l of out) expect(l.length).toBeLessThanOrEqual(80);
  });

  it('wraps a long env value under itself, then cuts it', () => {
    const config = { script: 's.js', args: [], cwd: '/', interpreter: 'node', nodeArgs: [], settings: {}, env: { LONG: 'x'.repeat(500) } };
    const w = worker(0);
    const out = text(detailLines(app('web', [w], { config }), w, 0, 40, {}));
    const at = out.findIndex((l) => l.startsWith('  LONG='));
    expect(out.slice(at, at + 3).map((l) => l.length)).toEqual([40, 40, 40]);
    expect(out[at + 2]!.endsWith('…')).toBe(true);
    expect(out[at + 3]).toBeUndefined();
  });

  it('says when the source has no configuration', () => {
    const w = worker(0);
    const out = text(detailLines(app('web', [w]), w, 0, 80, {}));
    expect(out.slice(-2)).toEqual(['Configuration', '  not available from this source']);
  });

  it('says when a log file of the app fails (disk full), right under the title', () => {
    const w = worker(0);
    const logErrors = [{ path: '/var/log/web.log', error: 'ENOSPC: no space left on device, write', since: '2026-01-01T12:00:00.000Z', droppedLines: 42 }];
    const out = text(detailLines(app('web', [w], { logErrors }), w, 0, 200, {}));
    expect(out[1]).toMatch(
      /^Log file \/var\/log\/web\.log fails since \d\d:\d\d:\d\d: ENOSPC: no space left on device, write \(retried every second; 42 line\(s\) dropped so far\)\.$/,
    );
  });
});
