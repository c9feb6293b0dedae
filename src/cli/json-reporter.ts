// `clmon run --no-tui --json` (docs/cli.md#run-target-args): one JSON object per line for log collectors. Worker
// lines are {"time","app","id","pid","stream","message"}; supervisor events are
// {"time","app","id","event",...}: online, exit, restart, waiting, errored, stopping, stopped,
// reload, and notice / shutdown (app and id null: they concern the supervisor).
import type { Controller, SupervisorEvent } from '../model/controller.js';
import type { LogLine, Snapshot, WorkerInfo } from '../model/types.js';

type Json = Record<string, unknown>;

/** Follow `controller` and print JSON lines to `out`; returns the unsubscribe function. */
export function reportJson(controller: Controller, out: NodeJS.WritableStream): () => void {
  const seen = new Map<string, WorkerState>();
  let pending = false;
  const onEvent = (event: SupervisorEvent): void => {
    if (event.type === 'logs') out.write(event.lines.map((line) => `${JSON.stringify(logJson(line))}\n`).join(''));
    else if (event.type === 'notice') writeEvent(out, { app: null, id: null, event: 'notice', level: event.level, message: event.message });
    else if (event.type === 'reload-progress') {
      const p = event.progress;
      writeEvent(out, { app: p.app, id: p.id, event: 'reload', phase: p.phase, pid: p.pid ?? null, ...(p.message ? { message: p.message } : {}) });
    } else if (!pending) {
      pending = true;
      setImmediate(() => {
        pending = false;
        void controller.snapshot().then((snap) => {
          for (const json of workerEvents(snap, seen)) writeEvent(out, json);
        });
      });
    }
  };
  return controller.subscribe(onEvent);
}

/** A supervisor event of its own (shutdown, a second signal), in the same shape. */
export function writeEvent(out: NodeJS.WritableStream, fields: Json): void {
  out.write(`${JSON.stringify({ time: new Date().toISOString(), ...fields })}\n`);
}

export function logJson(line: LogLine): Json {
  return { time: new Date(line.at).toISOString(), app: line.app, id: line.id, pid: line.pid ?? null, stream: line.stream, message: line.text };
}

interface WorkerState {
  status: string;
  pid: number | null;
  exitAt: string | null;
}

/** The events that lead from what `seen` remembers to this snapshot (and remember it). */
export function workerEvents(snap: Snapshot, seen: Map<string, WorkerState>): Json[] {
  const events: Json[] = [];
  for (const app of snap.apps) {
    for (const w of app.workers) {
      const key = `${app.name}:${w.id}`;
      const before = seen.get(key);
      const now: WorkerState = { status: w.status, pid: w.pid, exitAt: w.lastExit?.at ?? null };
      seen.set(key, now);
      const base = { app: app.name, id: w.id };
      if (w.lastExit && now.exitAt !== (before?.exitAt ?? null)) {
        const e = w.lastExit;
        events.push({ ...base, event: 'exit', pid: before?.pid ?? null, code: e.code, signal: e.signal, uptimeMs: e.uptimeMs, cause: e.cause });
        if (w.status === 'launching' || w.status === 'online') events.push({ ...base, event: 'restart', pid: w.pid });
      }
      if (before && before.status === now.status && before.pid === now.pid) continue;
      const state = stateEvent(w);
      if (state) events.push({ ...base, ...state });
    }
  }
  return events;
}

function stateEvent(w: WorkerInfo): Json | null {
  switch (w.status) {
    case 'online':
      return { event: 'online', pid: w.pid };
    case 'launching':
      return { event: 'launching', pid: w.pid };
    case 'waiting':
      return { event: 'waiting', restartInMs: w.restartInMs ?? null };
    case 'errored':
      return { event: 'errored', reason: w.reason ?? null };
    case 'stopping':
      return { event: 'stopping', pid: w.pid };
    case 'stopped':
      return { event: 'stopped' };
  }
}
