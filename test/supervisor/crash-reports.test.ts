// Crash forensics with real processes (docs/supervision.md#crash-forensics-and-diagnostics): a worker that throws or runs out of heap leaves
// a diagnostic report (0600 in a 0700 directory, at most 10 per app) and its exit record says
// what happened, with the frame that threw and the heap of the moment.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { crashErrorOf, MAX_FRAMES, REPORTS_KEPT } from '../../src/supervisor/crash-reports.js';
import { appSpec, fixture } from '../helpers/app-spec.js';
import { harness, type Harness } from './harness.js';

let h: Harness;
afterEach(async () => h?.close());

const mode = (path: string): number => statSync(path).mode & 0o777;
const reportsOf = (app: string): string[] => readdirSync(join(h.home, 'reports', app)).filter((n) => n.endsWith('.json'));

describe('diagnostic reports of crashed workers', () => {
  it.each(['fork', 'cluster'] as const)(
    '%s mode: an uncaught exception is recorded with its message, the throwing frame and a 0600 report',
    async (execMode) => {
      h = harness();
      await h.start(appSpec({ name: 'thrower', script: fixture('diag-throw.cjs'), execMode, autorestart: false }));
      const w = await h.waitWorker('thrower', 0, (x) => x.status === 'stopped' && (x.exits?.length ?? 0) > 0, 'exited once');
      const exit = w.exits![0]!;
      expect(exit.code).toBe(1);
      expect(exit.error?.message).toBe('Error: boom from thrower:0');
      expect(exit.error?.trigger).toBe('Exception');
      expect(exit.error?.frames[0]).toMatch(/explodeInHandler .*diag-throw\.cjs:3:/);
      expect(exit.error?.heap.used).toBeGreaterThan(0);
      expect(exit.error?.heap.limit).toBeGreaterThan(exit.error!.heap.used!);
      expect(exit.report).toBe(join(h.home, 'reports', 'thrower', reportsOf('thrower')[0]!));
      expect(mode(exit.report!)).toBe(0o600);
      expect(mode(join(h.home, 'reports', 'thrower'))).toBe(0o700);
      expect(mode(join(h.home, 'reports'))).toBe(0o700);
    },
  );

  it('15 fast crashes leave the 10 most recent reports, the newest one in the latest exit', async () => {
    // min_uptime far above a loaded machine's crash time: every run counts as unstable, so exactly 15
    h = harness();
    await h.start(
      appSpec({ name: 'loop', script: fixture('diag-throw.cjs'), maxRestarts: 14, minUptime: 30_000, env: { PATH: process.env.PATH!, THROW_AFTER_MS: '0' } }),
    );
    const w = await h.waitWorker('loop', 0, (x) => x.status === 'errored', 'errored', 60_000);
    expect(w.exits).toHaveLength(15);
    const files = reportsOf('loop');
    expect(files).toHaveLength(REPORTS_KEPT);
    expect(w.exits!.every((e) => e.report !== undefined)).toBe(true);
    expect(files).toContain(w.exits![0]!.report!.split('/').pop());
    for (const name of files) expect(mode(join(h.home, 'reports', 'loop', name))).toBe(0o600);
  }, 90_000);

  it('a worker out of heap (small --max-old-space-size): the exit record shows the heap error, the heap figures and the report', async () => {
    h = harness();
    await h.start(appSpec({ name: 'hog', script: fixture('diag-oom.cjs'), nodeArgs: ['--max-old-space-size=24'], autorestart: false }));
    const w = await h.waitWorker('hog', 0, (x) => x.status === 'stopped' && (x.exits?.length ?? 0) > 0, 'out of memory', 60_000);
    const exit = w.exits![0]!;
    expect(exit.error?.message).toMatch(/heap out of memory/);
    expect(exit.error?.trigger).toBe('OOMError');
    expect(exit.error?.heap.limit).toBeGreaterThan(0);
    // the default limit is gigabytes: this one comes from the small old space asked for
    expect(exit.error?.heap.limit).toBeLessThan(128 * 1024 * 1024);
    expect(mode(exit.report!)).toBe(0o600);
  }, 90_000);

  it('diagnostic_reports: false writes no report and records the crash as before', async () => {
    h = harness();
    await h.start(appSpec({ name: 'quiet', script: fixture('diag-throw.cjs'), diagnosticReports: false, autorestart: false }));
    const w = await h.waitWorker('quiet', 0, (x) => x.status === 'stopped' && (x.exits?.length ?? 0) > 0, 'exited once');
    expect(w.exits![0]!.error).toBeUndefined();
    expect(w.exits![0]!.report).toBeUndefined();
    expect(w.exits![0]!.stderrTail.join('\n')).toMatch(/boom from quiet:0/);
    expect(() => reportsOf('quiet')).toThrow(/ENOENT/);
  });

  it('an interpreter other than node gets no report flags', async () => {
    h = harness();
    await h.start(appSpec({ name: 'sh', script: '/bin/sh', interpreter: 'none', args: ['-c', 'exit 3'], autorestart: false }));
    const w = await h.waitWorker('sh', 0, (x) => x.status === 'stopped' && (x.exits?.length ?? 0) > 0, 'exited once');
    expect(w.exits![0]!.code).toBe(3);
    expect(w.exits![0]!.report).toBeUndefined();
    expect(() => reportsOf('sh')).toThrow(/ENOENT/);
  });
});

describe('reading a report', () => {
  it('keeps untrusted text inert and bounded', () => {
    const error = crashErrorOf({
      header: { trigger: 'Exception', event: 'Exception' },
      javascriptStack: {
        message: 'Error: \u001b[2J\u001b]0;pwned\u0007cleared\nsecond line',
        stack: Array.from({ length: 40 }, (_, i) => `at f${i} (x.js:${i}:1)`),
      },
      javascriptHeap: { usedMemory: 10, totalMemory: 20, memoryLimit: 'lots' },
    });
    expect(error?.message).toBe('Error: cleared second line');
    expect(error?.frames).toHaveLength(MAX_FRAMES);
    expect(crashErrorOf({ javascriptStack: { message: 'x'.repeat(5000), stack: ['at '.padEnd(5000, 'y')] } })).toMatchObject({
      message: `${'x'.repeat(499)}…`,
      frames: [`at ${'y'.repeat(296)}…`],
    });
    expect(error?.heap).toEqual({ used: 10, total: 20, limit: null });
    expect(crashErrorOf({ header: {} })).toBeUndefined();
    expect(crashErrorOf('nonsense')).toBeUndefined();
  });
});
