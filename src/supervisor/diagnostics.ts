// The supervisor's side of on-demand diagnostics (docs/supervision.md#crash-forensics-and-diagnostics): checks that a worker can take the
// request (a Node worker with the helper, running), sends it over IPC and waits for the helper's
// answer (src/runtime/diagnostics.cts). One request of each kind per worker at a time: a second
// profile while one runs is refused here, before it reaches the worker.
import { RuntimeError, UserError, type ClmonError } from '../errors.js';
import { safeText } from '../safe-text.js';
import type { AppSpec, DiagnosticRequest, DiagnosticResult } from '../model/types.js';
import type { HelperMessage, WorkerProcess } from './worker-process.js';
import { waitExit } from './graceful-stop.js';

/** How long past the profile's own duration, or for a snapshot, the helper may take to answer. */
const ANSWER_GRACE_MS = 30_000;
const SNAPSHOT_TIMEOUT_MS = 10 * 60_000;

const WHAT: Record<DiagnosticRequest['kind'], string> = {
  profile: 'a CPU profile',
  heapsnapshot: 'a heap snapshot',
  inspect: 'the inspector',
};

interface Running {
  startedAt: number;
  request: DiagnosticRequest;
}

const running = new WeakMap<WorkerProcess, Map<DiagnosticRequest['kind'], Running>>();
let nextRequest = 1;

/** Why `proc` of this app cannot take diagnostics, or null if it can. */
export function unavailable(worker: string, spec: AppSpec, proc: WorkerProcess | null, status: string): ClmonError | null {
  if (spec.execMode === 'fork' && spec.interpreter !== undefined && spec.interpreter !== 'node') {
    return new UserError(
      `${worker} runs with interpreter "${spec.interpreter}", not Node.js: profiles, heap snapshots and the inspector ` +
        "need clmon's worker helper, which is loaded only into Node.js workers",
    );
  }
  if (!proc || proc.exited || proc.pid === null) return new RuntimeError(`${worker} is not running (${status}); start it first`);
  if (!proc.helper.has('diagnostics') || !proc.hasIpc) {
    return new RuntimeError(`${worker} (pid ${proc.pid}) has no IPC channel to clmon's worker helper, so it cannot take diagnostics`);
  }
  return null;
}

/** Send `request` to the helper in `proc` and wait for its answer. */
export function requestDiagnostic(worker: string, app: string, id: number, proc: WorkerProcess, request: DiagnosticRequest): Promise<DiagnosticResult> {
  const busy = running.get(proc) ?? new Map<DiagnosticRequest['kind'], Running>();
  running.set(proc, busy);
  const current = busy.get(request.kind);
  if (current && request.kind !== 'inspect') throw new RuntimeError(busyMessage(worker, current));
  const started: Running = { startedAt: Date.now(), request };
  busy.set(request.kind, started);
  const requestId = nextRequest++;
  const what = WHAT[request.kind];
  return new Promise<DiagnosticResult>((resolve, reject) => {
    const finish = (): void => {
      clearTimeout(timer);
      proc.off('helper', onMessage);
      if (busy.get(request.kind) === started) busy.delete(request.kind);
    };
    const onMessage = (message: HelperMessage): void => {
      if (message.clmon !== 'diagnostics-result' || message.request !== requestId) return;
      finish();
      if (message.ok !== true) {
        reject(new RuntimeError(`${what} of ${worker} failed: ${text(message.error) ?? 'the helper gave no reason'}`));
        return;
      }
      const result: DiagnosticResult = { kind: request.kind, app, id, pid: proc.pid! };
      // the path asked for, not whatever the worker says (it runs the app's code)
      if ('out' in request) result.path = request.out;
      if (typeof message.bytes === 'number') result.bytes = message.bytes;
      if (request.kind === 'inspect') result.url = text(message.url) ?? null;
      resolve(result);
    };
    const timeoutMs =
      request.kind === 'profile' ? request.durationMs + ANSWER_GRACE_MS : request.kind === 'heapsnapshot' ? SNAPSHOT_TIMEOUT_MS : ANSWER_GRACE_MS;
    const timer = setTimeout(() => {
      finish();
      reject(new RuntimeError(`${what} of ${worker} (pid ${proc.pid}): no answer from its worker helper within ${Math.round(timeoutMs / 1000)} s`));
    }, timeoutMs);
    proc.on('helper', onMessage);
    void waitExit(proc).then((exit) => {
      if (!busy.has(request.kind) || busy.get(request.kind) !== started) return;
      finish();
      const how = exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`;
      reject(new RuntimeError(`${worker} (pid ${proc.pid}) exited (${how}) before ${what} was finished`));
    });
    if (!proc.send({ clmon: request.kind, request: requestId, ...payload(request) })) {
      finish();
      reject(new RuntimeError(`cannot reach ${worker} (pid ${proc.pid}): its IPC channel is closed`));
    }
  });
}

function payload(request: DiagnosticRequest): Record<string, unknown> {
  if (request.kind === 'profile') return { durationMs: request.durationMs, out: request.out };
  if (request.kind === 'heapsnapshot') return { out: request.out };
  return { close: request.close === true };
}

function busyMessage(worker: string, current: Running): string {
  const age = ((Date.now() - current.startedAt) / 1000).toFixed(0);
  const request = current.request;
  const left = request.kind === 'profile' ? `, ${Math.max(0, Math.ceil((request.durationMs - (Date.now() - current.startedAt)) / 1000))} s to go` : '';
  const out = 'out' in request ? ` (to ${request.out})` : '';
  return `${WHAT[request.kind]} of ${worker} is already being taken${out}, started ${age} s ago${left}; wait for it to finish`;
}

/** A short, printable string from the helper (untrusted: it runs inside the app). */
function text(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const clean = safeText(value.replace(/\r?\n/g, ' ')).trim();
  return clean.length > 300 ? `${clean.slice(0, 299)}…` : clean;
}
