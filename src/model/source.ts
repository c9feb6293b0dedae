// One interface for everything the UI can watch: an in-process supervisor (`clmon run`),
// a daemon or `run` over its control socket, a PM2 daemon, or a plain process tree by PID.
import type { SupervisorEvent } from './controller.js';
import type { LogLine, ReloadProgress, ReloadResult, Snapshot, SourceKind, Target } from './types.js';

/** true = available; a string = unavailable, and why (shown to the user). */
export type Capability = true | string;

export interface SourceCapabilities {
  restart: Capability;
  reload: Capability;
  scale: Capability;
  stopStart: Capability;
  /** SIGKILL a worker (`K`): only for `--pid`. */
  kill: Capability;
}

export interface Source {
  readonly kind: SourceKind;
  /** What it is attached to, for the header: e.g. "daemon ~/.clmon", "pm2 ~/.pm2", "pid 4242". */
  readonly label: string;
  readonly capabilities: SourceCapabilities;
  /** Follow events (`changed` means: call snapshot() again). Returns the unsubscribe function. */
  subscribe(listener: (event: SupervisorEvent) => void): () => void;
  /** The state now, with detail (exits, restartInMs, reason). */
  snapshot(): Promise<Snapshot>;
  /** The most recent lines, merged, oldest first (backfill for the log pane). */
  recentLogs(lines: number): Promise<LogLine[]>;
  restart(target: Target): Promise<void>;
  reload(target: Target, onProgress?: (p: ReloadProgress) => void): Promise<ReloadResult>;
  scale(app: string, count: string): Promise<number>;
  stop(target: Target): Promise<void>;
  /** SIGKILL (pid source). */
  kill(target: Target): Promise<void>;
  /** Detach: stop following; the group keeps running (a `run` source is stopped by its owner). */
  close(): Promise<void>;
}
