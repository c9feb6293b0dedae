// cron_restart and watch (docs/supervision.md#schedules): each calls back with its cause; the supervisor decides
// how to restart (reload in cluster mode). The watcher never reacts to clmon's own writes (the
// app's log files, their rotated copies, the home), or an app logging into its watched directory
// would restart itself forever; and triggers coalesce: one restart in flight, at most one queued.
import { Cron } from 'croner';
import { watch as watchFiles, type FSWatcher } from 'chokidar';
import { relative, sep } from 'node:path';
import type { AppSpec } from '../model/types.js';
import { ownFilesMatcher } from './watch-own-files.js';

/** Debounce for file changes: an editor's save or a build writes several files at once. */
export const WATCH_DEBOUNCE_MS = 500;

export interface Schedules {
  /** Resolves once the watcher has scanned its paths (at once without a watcher). */
  ready: Promise<void>;
  close(): Promise<void>;
}

export interface ScheduleOptions {
  /** The supervisor's home and logs directory: never watched. */
  home: string;
  logsDir: string;
}

/** Start the app's cron job and file watcher, if configured. `fire` resolves when its restart is done. */
export function startSchedules(spec: AppSpec, fire: (cause: 'cron' | 'watch') => Promise<void>, opts: ScheduleOptions): Schedules {
  const cronFire = coalesced(() => fire('cron'));
  const watchFire = coalesced(() => fire('watch'));
  const cron = spec.cronRestart ? new Cron(spec.cronRestart, cronFire) : null;
  let watcher: FSWatcher | null = null;
  let debounce: NodeJS.Timeout | null = null;
  let ready = Promise.resolve();
  if (spec.watch && spec.watch.length > 0) {
    const own = ownFilesMatcher(spec, opts.logsDir, opts.home);
    watcher = watchFiles(spec.watch, {
      ignoreInitial: true,
      ignored: (path: string) => own(path) || isIgnored(spec, path),
    });
    const w = watcher;
    ready = new Promise((resolve) => w.once('ready', () => resolve()));
    watcher.on('all', () => {
      if (debounce) clearTimeout(debounce);
      debounce = setTimeout(watchFire, WATCH_DEBOUNCE_MS);
    });
    watcher.on('error', () => {});
  }
  return {
    ready,
    async close() {
      cron?.stop();
      if (debounce) clearTimeout(debounce);
      await watcher?.close();
    },
  };
}

/**
 * One run in flight and at most one queued: a burst of triggers while a run is in flight gives
 * exactly one more run, started when the current one is done.
 */
export function coalesced(run: () => Promise<void>): () => void {
  let running = false;
  let queued = false;
  const trigger = (): void => {
    if (running) {
      queued = true;
      return;
    }
    running = true;
    void run()
      .catch(() => {})
      .finally(() => {
        running = false;
        if (queued) {
          queued = false;
          trigger();
        }
      });
  };
  return trigger;
}

/** ignore_watch entries match a path segment (node_modules) or a path prefix relative to cwd. */
function isIgnored(spec: AppSpec, path: string): boolean {
  const rel = relative(spec.cwd, path);
  const segments = rel.split(sep);
  return spec.ignoreWatch.some((pattern) => segments.includes(pattern) || rel.startsWith(pattern));
}
