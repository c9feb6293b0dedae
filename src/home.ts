// The home directory (docs/cli.md): sockets, logs and the daemon's pid file live here, so that
// several homes (tests, users) never see each other. A new home is created 0700; an existing
// directory keeps its mode (`--home /tmp` must not change /tmp): the privacy of the sockets
// comes from the `sock` subdirectory, which clmon creates and keeps 0700 (docs/protocol.md).
import { accessSync, chmodSync, constants, statSync } from 'node:fs';
import { UserError } from './errors.js';
import { makeDirs } from './make-dirs.js';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export interface HomePaths {
  root: string;
  logs: string;
  /** Directory of the control sockets, 0700. */
  sockets: string;
  daemonSocket: string;
  daemonPid: string;
  daemonLog: string;
  /** The socket of the `clmon run` with this pid. */
  runSocket(pid: number): string;
}

/** `--home`, else env CLMON_HOME, else ~/.clmon. */
export function resolveHome(option?: string): string {
  return resolve(option ?? process.env.CLMON_HOME ?? join(homedir(), '.clmon'));
}

export function homePaths(root: string): HomePaths {
  const sockets = join(root, 'sock');
  return {
    root,
    logs: join(root, 'logs'),
    sockets,
    daemonSocket: join(sockets, 'daemon.sock'),
    daemonPid: join(root, 'daemon.pid'),
    daemonLog: join(root, 'daemon.log'),
    runSocket: (pid) => join(sockets, `run-${pid}.sock`),
  };
}

/** Create the home's directories: the home 0700 if new, `logs` and `sock` 0700 (exit 2 if unusable). */
export function ensureHome(root: string): HomePaths {
  const paths = homePaths(root);
  try {
    const stat = statSync(root, { throwIfNoEntry: false });
    if (!stat) makeDirs(root, 0o700);
    else if (!stat.isDirectory()) throw new UserError(`home ${root} is not a directory; pick another --home (or CLMON_HOME)`);
    accessSync(root, constants.W_OK | constants.X_OK);
    for (const dir of [paths.logs, paths.sockets]) {
      makeDirs(dir, 0o700);
      chmodSync(dir, 0o700);
    }
  } catch (err) {
    throw homeError(root, err);
  }
  return paths;
}

function homeError(root: string, err: unknown): Error {
  if (err instanceof UserError) return err;
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOTDIR') return new UserError(`home ${root}: a part of this path is a file, not a directory; pick another --home (or CLMON_HOME)`);
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || code === 'ENOENT') {
    return new UserError(`home ${root} is not writable (${code}); pick another --home (or CLMON_HOME)`);
  }
  return err as Error;
}

/** `/home/me/.clmon` → `~/.clmon`, for headers and labels. */
export function tildePath(path: string): string {
  const home = homedir();
  return path === home || path.startsWith(`${home}/`) ? `~${path.slice(home.length)}` : path;
}
