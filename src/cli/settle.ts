// Commands that start workers (start, scale, restart) print the table once the new workers have
// left `launching`, so it shows their pids and states; bounded, never a hang.
import type { Controller } from '../model/controller.js';

const POLL_MS = 100;

/** Poll until no worker (of `apps`, or of any app) is launching, at most `maxMs`. */
export async function settle(controllers: Controller[], maxMs: number, apps?: ReadonlySet<string>): Promise<void> {
  const deadline = Date.now() + maxMs;
  while (Date.now() < deadline) {
    const snapshots = await Promise.all(controllers.map((c) => c.snapshot(false)));
    const launching = snapshots.some((s) => s.apps.some((app) => (!apps || apps.has(app.name)) && app.workers.some((w) => w.status === 'launching')));
    if (!launching) return;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
