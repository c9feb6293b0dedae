// cron_restart and watch (docs/supervision.md#schedules) with real processes and real files.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appSpec, fixture } from '../helpers/app-spec.js';
import { sleep, waitFor } from '../helpers/wait-for.js';
import { coalesced, startSchedules, WATCH_DEBOUNCE_MS } from '../../src/supervisor/schedules.js';
import { harness, type Harness } from './harness.js';

let h: Harness;
const dirs: string[] = [];
afterEach(async () => {
  await h?.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('cron_restart', () => {
  it('restarts on the schedule with cause cron, and never a stopped app', async () => {
    h = harness();
    // croner takes an optional seconds field: every second.
    await h.start(appSpec({ name: 'tick', script: fixture('sup-idle.cjs'), cronRestart: '* * * * * *' }));
    const first = await h.waitWorker('tick', 0, (w) => w.status === 'online' && w.restarts === 0, 'online (first run)');
    const after = await h.waitWorker('tick', 0, (w) => w.exits?.[0]?.cause === 'cron' && w.status === 'online', 'restarted by cron');
    expect(after.pid).not.toBe(first.pid);
    await h.sup.stop('tick');
    const stopped = await h.worker('tick', 0);
    await sleep(2500);
    const later = await h.worker('tick', 0);
    expect(later.status).toBe('stopped');
    expect(later.restarts).toBe(stopped.restarts);
  });
});

describe('watch', () => {
  it('a change in a watched directory restarts the worker (debounced), cause watch', async () => {
    h = harness();
    const dir = mkdtempSync(join(tmpdir(), 'clmon-watch-'));
    dirs.push(dir);
    await h.start(appSpec({ name: 'watched', script: fixture('sup-idle.cjs'), watch: [dir], ignoreWatch: ['node_modules'] }));
    await h.sup.watchReady('watched');
    const first = await h.waitWorker('watched', 0, (w) => w.status === 'online', 'online');
    // A burst of writes is one restart.
    for (let i = 0; i < 5; i++) writeFileSync(join(dir, `file-${i}.js`), String(i));
    const after = await h.waitWorker('watched', 0, (w) => w.exits?.[0]?.cause === 'watch' && w.status === 'online', 'restarted by watch');
    expect(after.pid).not.toBe(first.pid);
    await sleep(1500);
    expect((await h.worker('watched', 0)).restarts).toBe(1);
  });

  it('ignores changes under ignore_watch', async () => {
    h = harness();
    const dir = mkdtempSync(join(tmpdir(), 'clmon-watch-'));
    dirs.push(dir);
    await h.start(appSpec({ name: 'watched', script: fixture('sup-idle.cjs'), cwd: dir, watch: [dir], ignoreWatch: ['logs'] }));
    await h.sup.watchReady('watched');
    await h.waitWorker('watched', 0, (w) => w.status === 'online', 'online');
    mkdirSync(join(dir, 'logs'));
    writeFileSync(join(dir, 'logs', 'a.log'), 'x');
    await sleep(1500);
    expect((await h.worker('watched', 0)).restarts).toBe(0);
  });
});

/** Lines in a log file so far (0 while it does not exist). */
function lineCount(path: string): number {
  return existsSync(path) ? readFileSync(path, 'utf8').split('\n').length - 1 : 0;
}

/**
 * Its own writes never restart the app: after one real change, it is restarted once, and stays at
 * one restart while it goes on logging (3 more lines, each > the debounce apart).
 */
async function expectOneRestartWhileLogging(dir: string, logFile: string): Promise<void> {
  await h.sup.watchReady('self');
  await h.waitWorker('self', 0, (w) => w.status === 'online', 'online');
  await waitFor(() => lineCount(logFile) >= 2 || null, { what: `lines in ${logFile}`, timeoutMs: 20_000 });
  writeFileSync(join(dir, 'code.js'), 'changed');
  await h.waitWorker('self', 0, (w) => w.restarts === 1 && w.status === 'online', 'restarted once by watch');
  const seen = lineCount(logFile);
  await waitFor(() => lineCount(logFile) >= seen + 3 || null, { what: `3 more lines in ${logFile}`, timeoutMs: 20_000 });
  await sleep(WATCH_DEBOUNCE_MS * 2); // a trigger from the last line would have fired by now
  const w = await h.worker('self', 0);
  expect(w.restarts).toBe(1);
  expect(w.exits?.[0]?.cause).toBe('watch');
}

describe("watch: clmon's own files", () => {
  it('an app logging into its watched directory (out/err/log_file, rotated copies) is not restarted by its logs', async () => {
    h = harness();
    const dir = mkdtempSync(join(tmpdir(), 'clmon-watch-'));
    dirs.push(dir);
    const outFile = join(dir, 'self-out.log');
    await h.start(
      appSpec({
        name: 'self',
        script: fixture('watch-self-logger.cjs'),
        cwd: dir,
        watch: [dir],
        outFile,
        errorFile: join(dir, 'self-err.log'),
        logFile: join(dir, 'self.log'),
        mergeLogs: true,
      }),
    );
    // a rotated copy and gzip's temporary appear beside the live file as rotation would make them
    setTimeout(() => {
      writeFileSync(`${outFile}.20261201-203933.123`, 'old');
      writeFileSync(join(dir, '.self-out.log.20261201-203933.123.gz.tmp'), 'old');
    }, 1000);
    await expectOneRestartWhileLogging(dir, outFile);
  });

  it('per-slot log files (merge_logs false) are not watched either', async () => {
    h = harness();
    const dir = mkdtempSync(join(tmpdir(), 'clmon-watch-'));
    dirs.push(dir);
    await h.start(appSpec({ name: 'self', script: fixture('watch-self-logger.cjs'), cwd: dir, watch: [dir], outFile: join(dir, 'o.log'), mergeLogs: false }));
    await expectOneRestartWhileLogging(dir, join(dir, 'o-0.log'));
  });

  it('the home (default logs, reports) is not watched when it sits inside the watched directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'clmon-watch-'));
    dirs.push(dir);
    h = harness(join(dir, 'home'));
    await h.start(appSpec({ name: 'self', script: fixture('watch-self-logger.cjs'), cwd: dir, watch: [dir] }));
    setTimeout(() => writeFileSync(join(h.home, 'note.txt'), 'x'), 1000);
    await expectOneRestartWhileLogging(dir, join(h.home, 'logs', 'self-out.log'));
  });
});

describe('watch: one restart in flight, at most one queued', () => {
  it('coalesced: triggers while a run is in flight give exactly one more run', async () => {
    const releases: Array<() => void> = [];
    const trigger = coalesced(() => new Promise<void>((resolve) => releases.push(resolve)));
    trigger();
    trigger();
    trigger();
    trigger();
    expect(releases.length).toBe(1);
    releases[0]!();
    await waitFor(() => releases.length === 2 || null, { what: 'the queued run', timeoutMs: 5000 });
    releases[1]!();
    await sleep(50);
    expect(releases.length).toBe(2);
  });

  it('bursts of file changes during a slow restart give exactly one more restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'clmon-watch-'));
    dirs.push(dir);
    const home = mkdtempSync(join(tmpdir(), 'clmon-home-'));
    dirs.push(home);
    const releases: Array<() => void> = [];
    const spec = appSpec({ name: 'w', script: fixture('sup-idle.cjs'), cwd: dir, watch: [dir] });
    const schedules = startSchedules(spec, () => new Promise<void>((resolve) => releases.push(resolve)), { home, logsDir: join(home, 'logs') });
    try {
      await schedules.ready;
      writeFileSync(join(dir, 'a.js'), 'a');
      await waitFor(() => releases.length === 1 || null, { what: 'the first restart', timeoutMs: 10_000 });
      // three separate bursts (each longer apart than the debounce) while the restart is in flight
      for (const name of ['b', 'c', 'd']) {
        writeFileSync(join(dir, `${name}.js`), name);
        await sleep(WATCH_DEBOUNCE_MS * 2);
      }
      expect(releases.length).toBe(1);
      releases[0]!();
      await waitFor(() => releases.length === 2 || null, { what: 'the queued restart', timeoutMs: 10_000 });
      releases[1]!();
      await sleep(WATCH_DEBOUNCE_MS * 2);
      expect(releases.length).toBe(2);
    } finally {
      await schedules.close();
    }
  });
});
