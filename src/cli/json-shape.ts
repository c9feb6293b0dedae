// The JSON of docs/json.md, built field by field so that `ls --json` and `describe --json` have
// exactly the documented shape whichever supervisor (or PM2 / pid source) produced the snapshot.
import { exitSummary, MAX_EXITS } from '../model/exits.js';
import { toRuntimeSample } from '../model/runtime-sample.js';
import type { AppInfo, ExitRecord, WorkerInfo } from '../model/types.js';

/** One app as `ls --json` (detail = false) or `describe --json` (detail = true) prints it. */
export function appJson(app: AppInfo, detail: boolean): AppInfo {
  const json: AppInfo = {
    name: app.name,
    mode: app.mode,
    instances: app.instances,
    source: app.source,
    ...(app.host !== undefined ? { host: app.host } : {}),
    workers: app.workers.map((worker) => workerJson(worker, detail)),
  };
  // describe only, and only while a log file fails (docs/supervision.md#logs: a failure is seen, not lost)
  if (detail && app.logErrors && app.logErrors.length > 0) json.logErrors = app.logErrors.map((p) => ({ ...p }));
  return json;
}

function workerJson(w: WorkerInfo, detail: boolean): WorkerInfo {
  const json: WorkerInfo = {
    id: w.id,
    pid: w.pid,
    status: w.status,
    restarts: w.restarts,
    uptimeMs: w.uptimeMs,
    cpu: w.cpu,
    memory: w.memory,
    lastExit: w.lastExit ? exitSummary(w.lastExit) : null,
    runtime: toRuntimeSample(w.runtime),
  };
  if (!detail) return json;
  json.exits = (w.exits ?? []).slice(0, MAX_EXITS).map((e): ExitRecord => {
    const record: ExitRecord = { ...exitSummary(e), stderrTail: [...e.stderrTail], killed: e.killed };
    // docs/supervision.md#crash-forensics-and-diagnostics: the crash's diagnostic report, when one was written
    if (e.error) record.error = { ...e.error, frames: [...e.error.frames], heap: { ...e.error.heap } };
    if (e.report) record.report = e.report;
    return record;
  });
  if (w.status === 'waiting') json.restartInMs = w.restartInMs ?? 0;
  if (w.status === 'errored') json.reason = w.reason ?? '';
  return json;
}
