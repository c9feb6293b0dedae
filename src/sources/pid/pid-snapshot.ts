// The one app of a pid source as docs/json.md shows it: a slot with a process is online, a vacant
// slot (its process gone, no replacement yet) is stopped.
import type { AppConfigView, AppInfo, ExitRecord, WorkerInfo } from '../../model/types.js';
import type { Usage } from './process-tree.js';
import type { Slot } from './slot-tracker.js';
import { exitSummary } from '../../model/exits.js';

/** The app named `name` from the tracked slots, their samples and exit histories (and what
 * /proc told of the primary, if anything). */
export function pidApp(
  name: string,
  slots: readonly Readonly<Slot>[],
  usage: ReadonlyMap<number, Usage>,
  exits: ReadonlyMap<number, ExitRecord[]>,
  config?: AppConfigView,
): AppInfo {
  const app: AppInfo = {
    name,
    mode: 'cluster',
    instances: slots.length,
    source: 'pid',
    workers: slots.map((slot): WorkerInfo => {
      const sample = slot.pid === null ? undefined : usage.get(slot.pid);
      const history = exits.get(slot.id) ?? [];
      return {
        id: slot.id,
        pid: slot.pid,
        status: slot.pid === null ? 'stopped' : 'online',
        restarts: slot.restarts,
        uptimeMs: sample?.elapsed ?? 0,
        cpu: sample?.cpu ?? 0,
        memory: sample?.memory ?? 0,
        lastExit: history[0] ? exitSummary(history[0]) : null,
        exits: history,
      };
    }),
  };
  if (config) app.config = config;
  return app;
}
