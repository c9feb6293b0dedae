// The drain before a planned stop of a cluster worker (docs/supervision.md#reload): the worker's drain helper
// takes it out of the round-robin and lets its connections end; only then does the app-visible
// stop of docs/supervision.md#stopping begin. A worker that never answers (no helper, blocked event loop) is waited for
// at most drain_timeout.
import type { AppSpec } from '../model/types.js';
import type { HelperMessage, WorkerProcess } from './worker-process.js';

export type DrainOutcome = NonNullable<WorkerProcess['drainOutcome']>;

/** docs/supervision.md#reload's default, also for an app from a dump written before drain_timeout existed. */
const DEFAULT_DRAIN_TIMEOUT_MS = 5000;

/** Drain `proc` if its helper drains; resolves when no connection is left, or at drain_timeout. */
export function drainWorker(proc: WorkerProcess, spec: Pick<AppSpec, 'drainTimeout'>): Promise<DrainOutcome> {
  if (proc.mode !== 'cluster' || !proc.helper.has('drain') || proc.exited || !proc.hasIpc) return Promise.resolve((proc.drainOutcome = 'skipped'));
  return new Promise((resolve) => {
    const finish = (outcome: DrainOutcome): void => {
      clearTimeout(timer);
      proc.off('helper', onHelper);
      proc.off('exit', onExit);
      proc.drainOutcome = outcome;
      resolve(outcome);
    };
    const onHelper = (message: HelperMessage): void => {
      if (message.clmon === 'drained') finish('drained');
    };
    const onExit = (): void => finish('exited');
    const timeoutMs = Number.isFinite(spec.drainTimeout) ? spec.drainTimeout : DEFAULT_DRAIN_TIMEOUT_MS;
    const timer = setTimeout(() => finish('timeout'), timeoutMs);
    proc.on('helper', onHelper);
    proc.once('exit', onExit);
    if (!proc.send({ clmon: 'drain' })) finish('skipped');
  });
}
