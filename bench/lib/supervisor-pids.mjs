// The processes that make up a supervisor: its daemon and the daemon's helper processes
// (clmon's reaper, for instance), but not the workers it runs nor anything under them.
import { descendants } from './proc-stats.mjs';

/** The daemon pid plus its descendants outside the trees of `workerPids`. */
export function supervisorPids(daemonPid, workerPids) {
  const excluded = new Set();
  for (const pid of workerPids) {
    excluded.add(pid);
    for (const child of descendants(pid)) excluded.add(child);
  }
  return [daemonPid, ...descendants(daemonPid).filter((pid) => !excluded.has(pid))];
}
