// One daemon per home: `<home>/daemon.pid` is created atomically (hard link of a complete temp
// file, so nobody ever reads a half-written pid) and doubles as the lock. A file whose pid is
// dead, or is not a clmon daemon, is stale and taken over.
import { linkSync, unlinkSync, writeFileSync } from 'node:fs';
import type { HomePaths } from '../home.js';
import { isDaemonProcess, readPidFile } from './process-alive.js';

export type LockResult = { acquired: true; release(): void } | { acquired: false; heldBy: number };

/** Take the home's daemon lock, or say which live daemon holds it. */
export function acquireDaemonLock(paths: HomePaths): LockResult {
  const temp = `${paths.daemonPid}.${process.pid}.tmp`;
  writeFileSync(temp, `${process.pid}\n`, { mode: 0o600 });
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        linkSync(temp, paths.daemonPid);
        return { acquired: true, release: () => releaseLock(paths.daemonPid) };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const holder = readPidFile(paths.daemonPid);
      if (holder !== undefined && holder !== process.pid && isDaemonProcess(holder)) return { acquired: false, heldBy: holder };
      removeIfStill(paths.daemonPid, holder);
    }
    throw new Error(`cannot take ${paths.daemonPid}: it keeps changing`);
  } finally {
    try {
      unlinkSync(temp);
    } catch {
      // already gone
    }
  }
}

/** Remove a stale pid file left by a dead daemon (also used by `clmon kill` after a crash). */
export function removeStalePidFile(paths: HomePaths): void {
  const holder = readPidFile(paths.daemonPid);
  if (holder === undefined || !isDaemonProcess(holder)) removeIfStill(paths.daemonPid, holder);
}

function releaseLock(path: string): void {
  if (readPidFile(path) === process.pid) removeIfStill(path, process.pid);
}

/** Unlink only if it still holds the pid we judged, to narrow the window against a new owner. */
function removeIfStill(path: string, pid: number | undefined): void {
  if (readPidFile(path) !== pid) return;
  try {
    unlinkSync(path);
  } catch {
    // someone else cleaned it up
  }
}
