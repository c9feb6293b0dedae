// The command surface of a supervisor. The in-process Supervisor implements it, and the
// control-socket client implements it too, so the CLI and the UI never care which one they hold.
import type { AppSpec, DiagnosticRequest, DiagnosticResult, LogLine, LogStream, ReloadProgress, ReloadResult, Snapshot, Target } from './types.js';

/** What a supervisor tells its followers. Past-tense facts. */
export type SupervisorEvent =
  /** Something in the snapshot changed (a state, a pid, a metrics sample): pull a new one. */
  | { type: 'changed' }
  /** A batch of whole, sanitized lines in arrival order. */
  | { type: 'logs'; lines: LogLine[] }
  | { type: 'reload-progress'; progress: ReloadProgress }
  /** A message for the operator (config warnings, a worker given up on, ...). */
  | { type: 'notice'; level: 'info' | 'warn' | 'error'; message: string };

export interface LogQuery {
  /** `all`/undefined, an app, or `app:id` */
  target?: Target;
  /** The N most recent lines in total, merged. */
  lines: number;
  stream?: LogStream;
}

export interface Controller {
  /** The state now. `detail` adds `exits`, `restartInMs` and `reason` (describe). */
  snapshot(detail?: boolean): Promise<Snapshot>;
  logs(query: LogQuery): Promise<LogLine[]>;
  /** Start apps; an app name that already runs is an error (UserError). */
  start(specs: AppSpec[]): Promise<void>;
  /** Restart now (not zero-downtime); also starts stopped or errored workers. */
  restart(target: Target): Promise<void>;
  /** Zero-downtime rolling reload (docs/supervision.md#reload); fork mode restarts instead. */
  reload(target: Target, onProgress?: (p: ReloadProgress) => void): Promise<ReloadResult>;
  /** `n`, `+n` or `-n`; resolves to the new instance count. */
  scale(app: string, count: string): Promise<number>;
  /** Graceful stop; the app stays listed as stopped. */
  stop(target: Target): Promise<void>;
  /** Stop and forget. */
  delete(target: Target): Promise<void>;
  /** A profile, heap snapshot or inspector of one worker `app:id`, through its helper (docs/supervision.md#crash-forensics-and-diagnostics). */
  diagnose(target: Target, request: DiagnosticRequest): Promise<DiagnosticResult>;
  /** Follow events; returns the unsubscribe function. */
  subscribe(listener: (event: SupervisorEvent) => void): () => void;
  /** clmon's own supervisors: each app as started, with its current instance count (`save`). */
  specs?(): Promise<AppSpec[]>;
  /** clmon's own supervisors: empty the log files (live and rotated) of an app or all; the paths. */
  flushLogs?(target: Target): Promise<string[]>;
}
