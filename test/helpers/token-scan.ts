// "No process left" checks that cannot be fooled by re-parenting: every process a supervisor
// starts (and everything those start) carries CLMON_SUPERVISOR=<token> in its environment, so
// the check scans /proc for the token instead of trusting a list of pids.
import { readFileSync } from 'node:fs';
import { isAlive, pidsCarrying } from '../../src/supervisor/proc-table.js';

/** The CLMON_SUPERVISOR token in a live process's environment (a worker or its descendant). */
export function tokenOf(pid: number): string {
  const entry = readFileSync(`/proc/${pid}/environ`, 'latin1')
    .split('\0')
    .find((kv) => kv.startsWith('CLMON_SUPERVISOR='));
  if (!entry) throw new Error(`pid ${pid} carries no CLMON_SUPERVISOR`);
  return entry.slice('CLMON_SUPERVISOR='.length);
}

/** Live pids carrying this supervisor token. */
export function carrying(token: string): number[] {
  return pidsCarrying([`CLMON_SUPERVISOR=${token}`]);
}

/** SIGKILL whatever still carries the token (cleanup safety net). */
export function killCarrying(token: string | undefined): void {
  if (!token) return;
  for (const pid of carrying(token)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone already
    }
  }
}

export { isAlive };
