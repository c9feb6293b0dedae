// Signals that reach a worker's own children too (SPEC §4.3): cluster workers cannot be put in
// a process group of their own (node:cluster has no `detached`), so the tree is read from /proc.
import pidtree from 'pidtree';

/** The pid and all its descendants, parents first; just [pid] if the tree cannot be read. */
export async function processTree(pid: number): Promise<number[]> {
  try {
    return [pid, ...(await pidtree(pid))];
  } catch {
    return [pid];
  }
}

/** Send a signal to every pid; gone ones are skipped. Returns how many were signalled. */
export function signalPids(pids: Iterable<number>, signal: NodeJS.Signals): number {
  let sent = 0;
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
      sent++;
    } catch {
      // already gone
    }
  }
  return sent;
}

/** Signal the worker and its descendants. */
export async function killTree(pid: number, signal: NodeJS.Signals): Promise<number[]> {
  const pids = await processTree(pid);
  signalPids(pids, signal);
  return pids;
}

/** Whether a pid is alive (signal 0). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
