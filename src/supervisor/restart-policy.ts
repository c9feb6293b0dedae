// What happens after a worker exits on its own (docs/supervision.md#restart-policy), as pure functions so that the
// rules can be tested without processes: restart after a delay, give up (errored), or stay stopped.
import type { AppSpec } from '../model/types.js';

/** The longest backoff delay (docs/supervision.md#restart-policy). */
export const MAX_BACKOFF_MS = 15_000;
/** A run at least this long resets the exponential backoff to its initial delay. */
export const BACKOFF_RESET_UPTIME_MS = 30_000;

export interface RestartState {
  /** Unstable runs (shorter than min_uptime) in a row. */
  unstableRuns: number;
  /** The last exponential backoff delay used, 0 if none yet. */
  lastBackoffMs: number;
}

export const initialRestartState: RestartState = { unstableRuns: 0, lastBackoffMs: 0 };

export interface ExitFacts {
  code: number | null;
  signal: string | null;
  uptimeMs: number;
}

export type RestartDecision =
  | { action: 'restart'; delayMs: number; state: RestartState }
  | { action: 'errored'; reason: string; state: RestartState }
  | { action: 'stopped'; reason: string; state: RestartState };

type PolicySpec = Pick<AppSpec, 'autorestart' | 'stopExitCodes' | 'minUptime' | 'maxRestarts' | 'restartDelay' | 'expBackoffRestartDelay'>;

/** Decide what to do after an exit that nobody asked for. */
export function decideAfterExit(spec: PolicySpec, state: RestartState, exit: ExitFacts): RestartDecision {
  if (!spec.autorestart) {
    return { action: 'stopped', reason: 'autorestart is off', state };
  }
  if (exit.code !== null && spec.stopExitCodes.includes(exit.code)) {
    return { action: 'stopped', reason: `exit code ${exit.code} is in stop_exit_codes`, state };
  }
  const unstable = exit.uptimeMs < spec.minUptime;
  const unstableRuns = unstable ? state.unstableRuns + 1 : 0;
  if (unstableRuns > spec.maxRestarts) {
    return {
      action: 'errored',
      reason:
        `exited ${unstableRuns} times in a row within min_uptime (${spec.minUptime} ms) of starting ` +
        `(max_restarts ${spec.maxRestarts}); last exit: ${describeExit(exit)}`,
      state: { ...state, unstableRuns },
    };
  }
  if (spec.expBackoffRestartDelay > 0) {
    const delayMs = nextBackoff(spec.expBackoffRestartDelay, state.lastBackoffMs, exit.uptimeMs);
    return { action: 'restart', delayMs, state: { unstableRuns, lastBackoffMs: delayMs } };
  }
  return { action: 'restart', delayMs: spec.restartDelay, state: { ...state, unstableRuns } };
}

/** d, 1.5d, 2.25d … capped at 15 s; back to d after a run of 30 s or more. */
export function nextBackoff(initialMs: number, lastMs: number, uptimeMs: number): number {
  if (lastMs === 0 || uptimeMs >= BACKOFF_RESET_UPTIME_MS) return Math.min(initialMs, MAX_BACKOFF_MS);
  return Math.min(Math.round(lastMs * 1.5), MAX_BACKOFF_MS);
}

/** "code 3", "signal SIGKILL" */
export function describeExit(exit: Pick<ExitFacts, 'code' | 'signal'>): string {
  if (exit.signal) return `signal ${exit.signal}`;
  return `code ${exit.code ?? '?'}`;
}
