// The files clmon itself writes for an app (docs/supervision.md#schedules): its log files
// (out/error/log_file, per-slot `name-<id>.ext` copies, rotated `<file>.<stamp>[.gz]` siblings and
// the hidden gzip temporaries) and the whole home. The watcher skips them: they change on every
// line the app prints.
import { basename, dirname, extname, resolve, sep } from 'node:path';
import type { AppSpec } from '../model/types.js';
import { logFileRules } from '../logs/log-paths.js';

/** A predicate: true for a path clmon writes for `spec` (or anything under `home`). */
export function ownFilesMatcher(spec: AppSpec, logsDir: string, home: string): (path: string) => boolean {
  const rules = logFileRules(spec, logsDir);
  const lives: RegExp[] = [];
  for (const rule of [...rules.out, ...rules.err]) {
    const path = resolve(spec.cwd, rule.path);
    const dir = dirname(path);
    const ext = extname(path);
    const stem = basename(path, ext);
    const name = rule.perInstance ? `${escapeRegExp(stem)}-\\d+${escapeRegExp(ext)}` : escapeRegExp(basename(path));
    // the live file, its rotated copies (`.<stamp>`, `.gz`) and gzip's hidden temporary
    lives.push(new RegExp(`^${escapeRegExp(dir + sep)}\\.?${name}(\\..*)?$`));
  }
  const roots = [resolve(home), resolve(logsDir)];
  return (path: string) => {
    const abs = resolve(spec.cwd, path);
    if (roots.some((root) => abs === root || abs.startsWith(root + sep))) return true;
    return lives.some((re) => re.test(abs));
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
