// The base of the sources for groups clmon did not start (a PM2 daemon, a process tree by PID):
// they poll what they watch, keep their own log buffer and followers, and answer snapshot() and
// logs() from what they hold. What such a group cannot do fails with the reason its capabilities
// give. A subclass supplies its label, the actions it can do, one poll, the snapshot and what to
// release on close.
import { UserError } from '../../errors.js';
import type { LogQuery, SupervisorEvent } from '../../model/controller.js';
import type { Capability, Source, SourceCapabilities } from '../../model/source.js';
import type {
  DiagnosticRequest,
  DiagnosticResult,
  LogLine,
  ReloadProgress,
  ReloadResult,
  Snapshot,
  SourceKind,
  Target,
  WorkerInfo,
} from '../../model/types.js';
import { parseTarget } from '../../model/targets.js';
import { LogStore } from '../../logs/log-store.js';
import { pollLoop, type PollLoop } from './poll-loop.js';

/**
 * start and delete: only clmon's own supervisors take app specs and forget apps; diagnostics
 * (docs/supervision.md#crash-forensics-and-diagnostics): only the workers they started carry clmon's worker helper.
 */
function notOwnSupervisor(label: string): Pick<SourceCapabilities, 'start' | 'delete' | 'diagnostics'> {
  const reason = (what: string): Capability => `${what} is not available for ${label}; it works on clmon's own daemon`;
  const diagnostics =
    `the workers of ${label} were not started by clmon, so they have no clmon worker helper to take a profile, ` +
    'a heap snapshot or open the inspector; run the app under clmon (clmon start / clmon run)';
  return { start: reason('start'), delete: reason('delete'), diagnostics };
}

export abstract class ExternalSource implements Source {
  abstract readonly kind: SourceKind;
  readonly capabilities: SourceCapabilities;
  /** Runs poll() every pollMs once started (by the subclass, when attached), never overlapping itself; stopped on close. */
  protected readonly poll: PollLoop;
  /** Numbers, keeps and batches the group's log lines; its batches go to the followers. */
  protected readonly logStore = new LogStore();
  private readonly stopLogs = this.logStore.onBatch((lines) => this.emit({ type: 'logs', lines }));
  protected closed = false;
  private readonly listeners = new Set<(event: SupervisorEvent) => void>();

  /** `own`: what the group can do beyond refusing what only clmon's own supervisors do. */
  constructor(
    readonly label: string,
    own: Omit<SourceCapabilities, 'start' | 'delete' | 'diagnostics'>,
    pollMs: number,
  ) {
    this.capabilities = { ...notOwnSupervisor(label), ...own };
    this.poll = pollLoop(pollMs, () => this.tick());
  }

  /** One look at the group (the process list, a reconnection): what poll runs. */
  protected abstract tick(): Promise<void>;
  /** The state now, with detail (exits, restartInMs, reason). */
  protected abstract current(): Promise<Snapshot>;
  /** Stop following files or sockets (called once, by close(), after the poll stopped). */
  protected abstract release(): Promise<void>;

  subscribe(listener: (event: SupervisorEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Snapshots without detail drop describe's extra fields, as clmon's own supervisors do. */
  async snapshot(detail = false): Promise<Snapshot> {
    const snapshot = await this.current();
    return detail ? snapshot : withoutDetail(snapshot);
  }

  /** The N most recent matching lines, merged; an unknown app is a UserError naming the known ones. */
  async logs(query: LogQuery): Promise<LogLine[]> {
    if (query.target && query.target !== 'all')
      parseTarget(
        query.target,
        (await this.current()).apps.map((a) => a.name),
      );
    return this.logStore.recent(query);
  }

  start(): Promise<void> {
    return this.refuse('start');
  }

  delete(): Promise<void> {
    return this.refuse('delete');
  }

  restart(_target: Target): Promise<void> {
    return this.refuse('restart');
  }

  reload(_target: Target, _onProgress?: (p: ReloadProgress) => void): Promise<ReloadResult> {
    return this.refuse('reload');
  }

  scale(_app: string, _count: string): Promise<number> {
    return this.refuse('scale');
  }

  stop(_target: Target): Promise<void> {
    return this.refuse('stopStart');
  }

  kill(_target: Target): Promise<void> {
    return this.refuse('kill');
  }

  diagnose(_target: Target, _request: DiagnosticRequest): Promise<DiagnosticResult> {
    return this.refuse('diagnostics');
  }

  /** Never called: a lost PM2 daemon is reconnected to, and a PID that exits is a notice. */
  onLost(_listener: (message: string) => void): void {}

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.poll.stop();
    await this.release();
    this.logStore.close();
    this.stopLogs();
    this.listeners.clear();
  }

  protected emit(event: SupervisorEvent): void {
    for (const listener of [...this.listeners]) listener(event);
  }

  /** A UserError with the reason the capability gives (a programming error if it is available). */
  protected async refuse(what: keyof SourceCapabilities): Promise<never> {
    const capability = this.capabilities[what];
    throw new UserError(capability === true ? `${what} is not implemented for ${this.label}` : capability);
  }
}

function withoutDetail(snapshot: Snapshot): Snapshot {
  return {
    apps: snapshot.apps.map((app) => ({
      ...app,
      workers: app.workers.map(({ exits: _e, restartInMs: _r, reason: _s, ...worker }): WorkerInfo => worker),
    })),
  };
}
