// Snapshot and log line builders for UI tests.
import type { AppInfo, ExitRecord, LogLine, Snapshot, WorkerInfo } from '../../../src/model/types.js';

/** A worker with plausible defaults. */
export function worker(id: number, over: Partial<WorkerInfo> = {}): WorkerInfo {
  return { id, pid: 1000 + id, status: 'online', restarts: 0, uptimeMs: 65_000, cpu: 1.5, memory: 48 * 1024 * 1024, lastExit: null, ...over };
}

/** An app of the given workers. */
export function app(name: string, workers: WorkerInfo[], over: Partial<AppInfo> = {}): AppInfo {
  return { name, mode: 'cluster', instances: workers.length, source: 'run', workers, ...over };
}

/** web (2 online) and api (1 online, 1 waiting). */
export function twoApps(): Snapshot {
  return {
    apps: [
      app('web', [worker(0), worker(1)]),
      app('api', [worker(0, { pid: 2000 }), worker(1, { pid: null, status: 'waiting', restartInMs: 2300, restarts: 4 })], { mode: 'fork' }),
    ],
  };
}

let seq = 0;

/** A log line; seq increases across calls. */
export function logLine(app: string, id: number, text: string, over: Partial<LogLine> = {}): LogLine {
  return { seq: ++seq, at: Date.UTC(2026, 0, 1, 12, 0, 0), app, id, stream: 'out', text, ...over };
}

/** An exit record. */
export function exit(over: Partial<ExitRecord> = {}): ExitRecord {
  return { at: '2026-01-01T12:00:00.000Z', code: 1, signal: null, uptimeMs: 300, cause: 'crash', killed: false, stderrTail: [], ...over };
}
