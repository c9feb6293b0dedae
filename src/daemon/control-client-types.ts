// What a control-socket client offers beyond the Controller: the handshake facts, the snapshot
// pushed by its subscription, the daemon-only kill, and the connection's lifecycle.
import type { Controller, SupervisorEvent } from '../model/controller.js';
import type { AppSpec, Snapshot, Target } from '../model/types.js';
import type { HelloReply } from './protocol/messages.js';

export interface SubscribeOptions {
  /** Recent log lines in the subscribe reply (default 0 here: callers ask with logs()). */
  logLines?: number;
  /** Push snapshots on change (default true; `logs --follow` needs none). */
  snapshots?: boolean;
  /** Detailed snapshots (exits, stderr tails, config): default true here, the TUI's detail view needs them. */
  detail?: boolean;
}

export interface ControlClient extends Controller {
  /** Who answered: kind (daemon/run), pid, home, protocol version. */
  readonly hello: HelloReply;
  readonly socketPath: string;
  readonly closed: boolean;
  /** Like subscribe(); the options of the first subscriber on this connection apply. */
  subscribeWith(opts: SubscribeOptions, listener: (event: SupervisorEvent) => void): () => void;
  /** The detailed snapshot last pushed by the subscription (undefined until subscribed). */
  latestSnapshot(): Snapshot | undefined;
  /** Each app as started, with its current instance count (`clmon save`). */
  specs(): Promise<AppSpec[]>;
  /** Empty the log files (live and rotated) of an app or all; resolves to the paths emptied. */
  flushLogs(target: Target): Promise<string[]>;
  /** Daemon only: stop every app, then the daemon exits. */
  kill(): Promise<void>;
  /** Called once when the connection ends, whoever ended it. */
  onClose(listener: () => void): void;
  close(): Promise<void>;
  /**
   * End the connection without waiting for the other side to close it too: nothing more keeps
   * the process alive for it, so a one-shot command exits as soon as its output is written.
   */
  release(): void;
}
