// cron_restart and watch (docs/supervision.md#schedules): each calls back with its cause; the supervisor decides
// how to restart (reload in cluster mode).
import { Cron } from 'croner';
import { watch as watchFiles, type FSWatcher } from 'chokidar';
import { relative, sep } from 'node:path';
import type { AppSpec } from '../model/types.js';

/** Debounce for file changes: an editor's save or a build writes several files at once. */
export const WATCH_DEBOUNCE_MS = 500;

export interface Schedules {
  close(): Promise<void>;
}

/** Start the app's cron job and file watcher, if configured. */
export function startSchedules(spec: AppSpec, fire: (cause: 'cron' | 'watch') => void): Schedules {
  const cron = spec.cronRestart ? new Cron(spec.cronRestart, () => fire('cron')) : null;
  let watcher: FSWatcher | null = null;
  let debounce: NodeJS.Timeout | null = null;
  if (spec.watch && spec.watch.length > 0) {
    watcher = watchFiles(spec.watch, {
      ignoreInitial: true,
      ignored: (path: string) => isIgnored(spec, path),
    });
    watcher.on('all', () => {
      if (debounce) clearTimeout(debounce);
      debounce = setTimeout(() => fire('watch'), WATCH_DEBOUNCE_MS);
    });
    watcher.on('error', () => {});
  }
  return {
    async close() {
      cron?.stop();
      if (debounce) clearTimeout(debounce);
      await watcher?.close();
    },
  };
}

/** ignore_watch entries match a path segment (node_modules) or a path prefix relative to cwd. */
function isIgnored(spec: AppSpec, path: string): boolean {
  const rel = relative(spec.cwd, path);
  const segments = rel.split(sep);
  return spec.ignoreWatch.some((pattern) => segments.includes(pattern) || rel.startsWith(pattern));
}
