// What the CLI and the TUI hold: a Controller (the command surface of a supervisor) plus what a
// viewer needs to know about it: what kind of group it is, a label for the header, what it can do,
// and how to let go of it. Every group clmon can watch is one: clmon's own supervisor in this
// process (`clmon run`), a daemon or a `clmon run` over its control socket, a PM2 daemon, a
// process tree by PID. A new kind of group (e.g. several hosts at once) is one more class that
// implements this interface; nothing above it changes.
import type { Controller, SupervisorEvent } from './controller.js';
import type { SourceKind, Target } from './types.js';

/** true = available; a string = unavailable, and why (shown to the user as the error). */
export type Capability = true | string;

/** What a Source can do. A call to an unavailable one fails with a UserError carrying its reason. */
export interface SourceCapabilities {
  /** Start apps from specs (`clmon start`). */
  start: Capability;
  /** Stop and forget (`clmon delete`). */
  delete: Capability;
  restart: Capability;
  reload: Capability;
  scale: Capability;
  /** Stop a worker and start it again (`clmon stop`, the TUI's `s`). */
  stopStart: Capability;
  /** SIGKILL a worker (`K`): only for `--pid`. */
  kill: Capability;
  /** Profile, heap snapshot, inspector of a worker (docs/supervision.md#crash-forensics-and-diagnostics, keys p and H): the worker helper's. */
  diagnostics: Capability;
}

/** How a follower subscribes. */
export interface FollowOptions {
  /** false: only log lines and notices are wanted (a socket then pushes no snapshots). */
  snapshots?: boolean;
}

export interface Source extends Controller {
  readonly kind: SourceKind;
  /** What it is attached to, for the header: e.g. "daemon ~/.clmon", "pm2 ~/.pm2", "pid 4242". */
  readonly label: string;
  readonly capabilities: SourceCapabilities;
  /** Follow events (`changed` means: call snapshot() again). Returns the unsubscribe function. */
  subscribe(listener: (event: SupervisorEvent) => void, options?: FollowOptions): () => void;
  /** SIGKILL (pid source). */
  kill(target: Target): Promise<void>;
  /** Called once if the group goes away for good (not when we close it), e.g. to end the TUI. */
  onLost(listener: (message: string) => void): void;
  /** Detach: stop following; the group keeps running (a `run` source is stopped by its owner). */
  close(): Promise<void>;
}
