// The Source over one of clmon's own supervisors, held as a Controller: the Supervisor of
// `clmon run` in this very process, or (through SocketSource) a daemon or a `clmon run` over its
// control socket. Everything is passed through; clmon's supervisors can do all but SIGKILL.
import { UserError } from '../errors.js';
import type { Controller, LogQuery, SupervisorEvent } from '../model/controller.js';
import type { FollowOptions, Source, SourceCapabilities } from '../model/source.js';
import type { AppSpec, DiagnosticRequest, DiagnosticResult, LogLine, ReloadProgress, ReloadResult, Snapshot, SourceKind, Target } from '../model/types.js';

/** Capabilities of clmon's own supervisors (in-process or over the socket): all but SIGKILL. */
export const SUPERVISOR_CAPABILITIES: SourceCapabilities = {
  start: true,
  delete: true,
  restart: true,
  reload: true,
  scale: true,
  stopStart: true,
  kill: 'K (SIGKILL) is only for --pid; use r to restart or s to stop',
  diagnostics: true,
};

export class SupervisorSource<C extends Controller = Controller> implements Source {
  readonly capabilities = SUPERVISOR_CAPABILITIES;

  constructor(
    protected readonly controller: C,
    readonly kind: SourceKind,
    readonly label: string,
  ) {}

  snapshot(detail = false): Promise<Snapshot> {
    return this.controller.snapshot(detail);
  }

  logs(query: LogQuery): Promise<LogLine[]> {
    return this.controller.logs(query);
  }

  start(specs: AppSpec[]): Promise<void> {
    return this.controller.start(specs);
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

  delete(target: Target): Promise<void> {
    return this.controller.delete(target);
  }

  diagnose(target: Target, request: DiagnosticRequest): Promise<DiagnosticResult> {
    return this.controller.diagnose(target, request);
  }

  subscribe(listener: (event: SupervisorEvent) => void, _options?: FollowOptions): () => void {
    return this.controller.subscribe(listener);
  }

  async kill(_target: Target): Promise<void> {
    throw new UserError(SUPERVISOR_CAPABILITIES.kill as string);
  }

  /** In this process: it cannot go away under us. */
  onLost(_listener: (message: string) => void): void {}

  /** The owner (`clmon run`) stops the supervisor; closing the view does nothing more. */
  async close(): Promise<void> {}
}
