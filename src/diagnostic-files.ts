// Where profiles and heap snapshots go (docs/supervision.md#crash-forensics-and-diagnostics), for the CLI and the TUI alike: by default a
// file named after the worker and the time in the current directory (as `node --cpu-prof` does),
// or `--out`. The worker writes the file itself, so the path is made absolute here, and a
// directory that does not exist is the user's mistake, named before anything is asked of it.
import { statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UserError } from './errors.js';

export type DiagnosticFileKind = 'profile' | 'heapsnapshot';

const EXTENSIONS: Record<DiagnosticFileKind, string> = { profile: '.cpuprofile', heapsnapshot: '.heapsnapshot' };

/** `web-0-20261201-204515.cpuprofile` for target `web:0`. */
export function defaultFileName(kind: DiagnosticFileKind, target: string, now = new Date()): string {
  const worker = target.replace(':', '-').replace(/[^A-Za-z0-9._-]/g, '_');
  const pad = (n: number): string => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  return `${worker}-${stamp}${EXTENSIONS[kind]}`;
}

/**
 * The absolute file to write: `out` (a file, or an existing directory to put the default name
 * in) resolved against `cwd`, else the default name in `cwd`. A missing directory is a UserError.
 */
export function diagnosticFile(kind: DiagnosticFileKind, target: string, out: string | undefined, cwd = process.cwd()): string {
  if (out === undefined) return join(cwd, defaultFileName(kind, target));
  const path = resolve(cwd, out);
  if (isDirectory(path)) return join(path, defaultFileName(kind, target));
  const dir = dirname(path);
  const parent = kindOf(dir);
  if (parent !== 'directory') {
    const why = parent === 'missing' ? `directory ${dir} does not exist` : `${dir} is not a directory (it is a ${parent})`;
    throw new UserError(`--out ${out}: ${why}; give a file in an existing directory, or an existing directory`);
  }
  return path;
}

function isDirectory(path: string): boolean {
  return kindOf(path) === 'directory';
}

/** What is at `path`: a directory, nothing (or a path through a file: ENOTDIR), or another kind of file. */
function kindOf(path: string): 'directory' | 'missing' | 'file' | 'special file' {
  try {
    const stat = statSync(path);
    return stat.isDirectory() ? 'directory' : stat.isFile() ? 'file' : 'special file';
  } catch {
    return 'missing';
  }
}
