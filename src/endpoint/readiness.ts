// `/readyz` (docs/supervision.md#metrics-endpoint): ready when every app not stopped by the user has at least one online
// worker; otherwise the apps that are not ready, by name, with what their workers are doing.
import type { Snapshot } from '../model/types.js';

export interface NotReady {
  app: string;
  online: number;
  workers: number;
  statuses: string[];
}

/** The apps that are not ready (empty: ready). */
export function notReadyApps(snapshot: Snapshot): NotReady[] {
  const out: NotReady[] = [];
  for (const app of snapshot.apps) {
    const online = app.workers.filter((w) => w.status === 'online').length;
    if (online > 0 || stoppedByUser(app.workers)) continue;
    out.push({ app: app.name, online, workers: app.workers.length, statuses: [...new Set(app.workers.map((w) => w.status))] });
  }
  return out;
}

/** Every worker stopped, the last time by `clmon stop` (an app with no workers is scaled to 0). */
function stoppedByUser(workers: Snapshot['apps'][number]['workers']): boolean {
  return workers.every((w) => w.status === 'stopped' && (w.lastExit === null || w.lastExit.cause === 'manual'));
}
