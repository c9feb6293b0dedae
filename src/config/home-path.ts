// `~` in an ecosystem path is the home directory, as PM2 (and a shell) reads it: "~/logs/out.log".
// Only `~` and `~/...`: `~user` is left alone (PM2 would join it to the home, which is never meant).
import { homedir } from 'node:os';
import { join } from 'node:path';

/** `path` with a leading `~` replaced by `home` (the caller's HOME, else the OS's idea of it). */
export function expandHome(path: string, home: string | undefined): string {
  if (path !== '~' && !path.startsWith('~/')) return path;
  return join(home || homedir(), path.slice(1));
}

/** PM2's ways of saying "no log file": the string "NULL" or /dev/null. */
export function isNullLog(path: string): boolean {
  return path === 'NULL' || path === '/dev/null';
}
