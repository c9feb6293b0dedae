// Liveness checks for pid files: a pid that is gone, or that was reused by an unrelated process,
// marks a stale file left by a daemon that died without cleaning up (SIGKILL, power loss).
import { readFileSync } from 'node:fs';
import { isAlive } from '../supervisor/proc-table.js';

/** Does a process with this pid exist (ours or another user's)? A zombie does not count: as a
 * container's PID 1, a daemon that exited stays a zombie until we reap it. */
export { isAlive };

/** Is this pid a clmon daemon? Checks the command line where /proc exists, else just liveness. */
export function isDaemonProcess(pid: number): boolean {
  if (!isAlive(pid)) return false;
  if (!procExists()) return true;
  try {
    // the detached daemon (daemon-main.js) or `clmon daemon` in the foreground (systemd, containers)
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return args.some((a) => a.includes('daemon-main')) || (args.includes('daemon') && args.some((a) => a.includes('clmon')));
  } catch {
    return false; // it exited in between
  }
}

let hasProc: boolean | undefined;
function procExists(): boolean {
  if (hasProc === undefined) {
    try {
      readFileSync('/proc/self/cmdline');
      hasProc = true;
    } catch {
      hasProc = false;
    }
  }
  return hasProc;
}

/** The pid stored in a pid file, or undefined if missing or unreadable. */
export function readPidFile(path: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}
