// PM2 runs a `script` (or `cmd`) that contains a space, like "python3 -m http.server 8000", as
// `bash -c "<script>"` (sh when there is no bash), and names the app after it. A file whose name
// has a space is still run as that file (PM2 would hand it to bash and fail).
import { accessSync, constants, statSync } from 'node:fs';
import { basename, delimiter, isAbsolute, join, resolve } from 'node:path';
import { UserError } from '../errors.js';

export interface ShellCommand {
  /** Absolute path of bash (or sh). */
  shell: string;
  args: string[];
}

/** The shell invocation for `script` when it is a command line, else undefined (a file or a command name). */
export function shellCommand(script: string, cwd: string, pathEnv: string | undefined, where: string): ShellCommand | undefined {
  if (!/\s/.test(script.trim()) || isFile(resolve(cwd, script))) return undefined;
  const shell = ['bash', 'sh'].map((name) => onPath(name, pathEnv)).find((found) => found !== undefined);
  if (!shell)
    throw new UserError(`${where}: ${JSON.stringify(script)} is a command line, which runs with bash -c (as in PM2), but neither bash nor sh is in PATH`);
  return { shell, args: ['-c', script] };
}

/** PM2's default app name: the script as written, without its directory and its last ".ext". */
export function pm2DefaultName(script: string): string {
  const base = basename(script.trim());
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

function onPath(name: string, pathEnv: string | undefined): string | undefined {
  for (const dir of (pathEnv ?? '').split(delimiter)) {
    if (!dir || !isAbsolute(dir)) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
