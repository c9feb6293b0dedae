// The home directory (SPEC §2): sockets, logs and the daemon's pid file live here, so that
// several homes (tests, users) never see each other. Created 0700 (SPEC §6.2).
import { mkdirSync, chmodSync } from 'node:fs';
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

/** Create the home's directories with private modes (an existing one is tightened too). */
export function ensureHome(root: string): HomePaths {
  const paths = homePaths(root);
  for (const dir of [paths.root, paths.logs, paths.sockets]) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700);
  }
  return paths;
}

/** `/home/me/.clmon` → `~/.clmon`, for headers and labels. */
export function tildePath(path: string): string {
  const home = homedir();
  return path === home || path.startsWith(`${home}/`) ? `~${path.slice(home.length)}` : path;
}
