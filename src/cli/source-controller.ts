// A PM2 or pid Source seen as a Controller, so every command works the same on all groups.
// What such a group cannot do (start clmon specs, delete) is a UserError that says so.
import { UserError } from '../errors.js';
import type { Source } from '../model/source.js';
import type { Controller, LogQuery } from '../model/controller.js';
import { parseTarget } from '../supervisor/targets.js';
import type { LogLine, Snapshot, WorkerInfo } from '../model/types.js';

/** Lines fetched from a Source before filtering by app/stream (it has no server-side filter). */
const FILTER_FETCH = 5000;

/** Wrap a Source; snapshots without detail drop describe's extra fields (SPEC §6.1). */
export function sourceAsController(source: Source): Controller {
  const unsupported = (what: string) => async (): Promise<never> => {
    throw new UserError(`${what} is not available for ${source.label}; it works on clmon's own daemon`);
  };
  return {
    snapshot: async (detail = false) => (detail ? source.snapshot() : stripDetail(await source.snapshot())),
    logs: async (query) => filterLogs(source, query),
    start: unsupported('start'),
    delete: unsupported('delete'),
    restart: (target) => source.restart(target),
    reload: (target, onProgress) => source.reload(target, onProgress),
    scale: (app, count) => source.scale(app, count),
    stop: (target) => source.stop(target),
    subscribe: (listener) => source.subscribe(listener),
  };
}

async function filterLogs(source: Source, query: LogQuery): Promise<LogLine[]> {
  const all = !query.target || query.target === 'all';
  if (all && !query.stream) return source.recentLogs(query.lines);
  const snapshot = await source.snapshot();
  const target = parseTarget(query.target, snapshot.apps.map((a) => a.name));
  const lines = (await source.recentLogs(Math.max(query.lines, FILTER_FETCH))).filter(
    (l) =>
      (!query.stream || l.stream === query.stream) &&
      (target.kind === 'all' || (l.app === target.app && (target.kind === 'app' || l.id === target.id))),
  );
  return lines.slice(-query.lines || lines.length);
}

function stripDetail(snapshot: Snapshot): Snapshot {
  return {
    apps: snapshot.apps.map((app) => ({
      ...app,
      workers: app.workers.map(({ exits: _e, restartInMs: _r, reason: _s, ...worker }): WorkerInfo => worker),
    })),
  };
}
