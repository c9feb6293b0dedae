// `clmon run --no-tui`: one line per log line and per state change (`07:02:11 web#1 | text`),
// from the same events the UI and the socket get. Every outside name and text goes through safeText.
import { safeText } from '../safe-text.js';
import type { Controller, SupervisorEvent } from '../model/controller.js';
import type { LogLine, Snapshot, WorkerInfo } from '../model/types.js';
import { formatClock, formatCountdown } from '../format.js';

/** Follow `controller` and print to `out`; returns the unsubscribe function. */
export function reportHeadless(controller: Controller, out: NodeJS.WritableStream): () => void {
  const seen = new Map<string, string>();
  let pending = false;
  const onEvent = (event: SupervisorEvent): void => {
    if (event.type === 'logs') out.write(event.lines.map(formatLogLine).join(''));
    else if (event.type === 'notice') out.write(`${formatClock(Date.now())} clmon | ${safeText(event.message)}\n`);
    else if (event.type === 'reload-progress') {
      const p = event.progress;
      out.write(
        `${formatClock(Date.now())} ${safeText(p.app)}#${p.id} reload: ${p.phase}${p.pid ? ` (pid ${p.pid})` : ''}${p.message ? `: ${safeText(p.message)}` : ''}\n`,
      );
    } else if (!pending) {
      // State changes come in bursts; one snapshot per tick is enough to see every transition.
      pending = true;
      setImmediate(() => {
        pending = false;
        void controller.snapshot().then((snap) => out.write(stateChanges(snap, seen).join('')));
      });
    }
  };
  return controller.subscribe(onEvent);
}

export function formatLogLine(line: LogLine): string {
  const marker = line.stream === 'err' ? '!' : '|';
  return `${formatClock(line.at)} ${safeText(line.app)}#${line.id} ${marker} ${safeText(line.text)}\n`;
}

/** Lines for workers whose status or pid differ from what `seen` remembers (and remember them). */
export function stateChanges(snap: Snapshot, seen: Map<string, string>): string[] {
  const lines: string[] = [];
  const now = formatClock(Date.now());
  for (const app of snap.apps) {
    for (const worker of app.workers) {
      const key = `${safeText(app.name)}#${worker.id}`;
      const state = `${worker.status} ${worker.pid}`;
      if (seen.get(key) === state) continue;
      seen.set(key, state);
      lines.push(`${now} ${key} ${describe(worker)}\n`);
    }
  }
  return lines;
}

function describe(worker: WorkerInfo): string {
  const pid = worker.pid ? ` (pid ${worker.pid})` : '';
  const exit = worker.lastExit;
  const after =
    exit && (worker.status === 'waiting' || worker.status === 'errored' || worker.status === 'launching')
      ? ` after exit ${exit.signal ?? `code ${exit.code}`} (${exit.cause})`
      : '';
  if (worker.status === 'waiting') return `waiting ${formatCountdown(worker.restartInMs ?? 0)}${after}`;
  if (worker.status === 'errored') return `errored${after}: ${safeText(worker.reason ?? '')}`;
  return `${worker.status}${pid}${after}`;
}
