// Signals that reach a worker's own children too (docs/supervision.md#stopping): cluster workers cannot be put in
// a process group of their own (node:cluster has no `detached`), so the tree is read from /proc,
// and children already re-parented (their worker is gone) are found by the markers every worker
// puts in its environment (CLMON_SUPERVISOR, CLMON_PROCESS), which they inherit.
import { descendants, isAlive, pidsCarrying } from './proc-table.js';

export { isAlive } from './proc-table.js';

/** How long leftovers get between SIGTERM and SIGKILL. */
const LEFTOVER_GRACE_MS = 500;

/** The pid and all its descendants, parents first. */
export async function processTree(pid: number): Promise<number[]> {
  return [pid, ...(await descendants(pid))];
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

/**
 * Stop what a worker left behind: the `known` pids plus every live process carrying all of
 * `markers` in its environment. SIGTERM, then SIGKILL for whatever is still there after a
 * short grace; resolves once all of them are gone (or were SIGKILLed).
 */
export async function stopLeftovers(known: Iterable<number>, markers: string[]): Promise<number[]> {
  const victims = new Set([...known].filter(isAlive));
  for (const pid of pidsCarrying(markers)) victims.add(pid);
  if (victims.size === 0) return [];
  signalPids(victims, 'SIGTERM');
  const deadline = Date.now() + LEFTOVER_GRACE_MS;
  while (Date.now() < deadline && [...victims].some(isAlive)) await new Promise((r) => setTimeout(r, 25));
  // Anything that appeared meanwhile (a child forked while dying) goes too.
  for (const pid of pidsCarrying(markers)) victims.add(pid);
  signalPids([...victims].filter(isAlive), 'SIGKILL');
  return [...victims];
}
