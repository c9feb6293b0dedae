// cron_restart and watch (docs/supervision.md#schedules) with real processes and real files.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appSpec, fixture } from '../helpers/app-spec.js';
import { sleep } from '../helpers/wait-for.js';
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
    const first = await h.waitWorker('tick', 0, (w) => w.status === 'online', 'online');
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
    const first = await h.waitWorker('watched', 0, (w) => w.status === 'online', 'online');
    await sleep(500); // let the watcher settle
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
    await h.waitWorker('watched', 0, (w) => w.status === 'online', 'online');
    await sleep(500);
    mkdirSync(join(dir, 'logs'));
    writeFileSync(join(dir, 'logs', 'a.log'), 'x');
    await sleep(1500);
    expect((await h.worker('watched', 0)).restarts).toBe(0);
  });
});
