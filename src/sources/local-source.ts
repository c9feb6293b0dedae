// The Source of `clmon run` on a TTY: the supervisor in this very process.
import type { Controller, SupervisorEvent } from '../model/controller.js';
import type { LogLine, ReloadProgress, ReloadResult, Snapshot, SourceKind, Target } from '../model/types.js';
import type { Source, SourceCapabilities } from '../model/source.js';

/** Capabilities of clmon's own supervisors (in-process or over the socket): all but SIGKILL. */
export const SUPERVISOR_CAPABILITIES: SourceCapabilities = {
  restart: true,
  reload: true,
  scale: true,
  stopStart: true,
  kill: 'K (SIGKILL) is only for --pid; use r to restart or s to stop',
};

export class LocalSource implements Source {
  readonly capabilities = SUPERVISOR_CAPABILITIES;

  constructor(
    private readonly controller: Controller,
    readonly kind: SourceKind,
    readonly label: string,
  ) {}

  subscribe(listener: (event: SupervisorEvent) => void): () => void {
    return this.controller.subscribe(listener);
  }

  snapshot(): Promise<Snapshot> {
    return this.controller.snapshot(true);
  }

  recentLogs(lines: number): Promise<LogLine[]> {
    return this.controller.logs({ lines });
  }

  restart(target: Target): Promise<void> {
    return this.controller.restart(target);
  }

  reload(target: Target, onProgress?: (p: ReloadProgress) => void): Promise<ReloadResult> {
    return this.controller.reload(target, onProgress);
  }

  scale(app: string, count: string): Promise<number> {
    return this.controller.scale(app, count);
  }

  stop(target: Target): Promise<void> {
    return this.controller.stop(target);
  }

  async kill(): Promise<void> {
    throw new Error(this.capabilities.kill as string);
  }

  /** The owner (`clmon run`) stops the supervisor; closing the view does nothing more. */
  async close(): Promise<void> {}
}
