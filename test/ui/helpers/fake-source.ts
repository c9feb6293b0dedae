// An in-test Source: it records the actions it is asked for and lets the test push events. It
// stands in for a supervisor only where the UI's own logic is under test (store, keys).
import type { Source, SourceCapabilities } from '../../../src/model/source.js';
import { SUPERVISOR_CAPABILITIES } from '../../../src/sources/supervisor-source.js';
import type { LogQuery, SupervisorEvent } from '../../../src/model/controller.js';
import type { DiagnosticRequest, DiagnosticResult, LogLine, ReloadProgress, ReloadResult, Snapshot, Target } from '../../../src/model/types.js';

/** What clmon's own supervisors can do (all but SIGKILL), with a short reason for K. */
export const ALL_CAPABILITIES: SourceCapabilities = { ...SUPERVISOR_CAPABILITIES, kill: 'only for --pid' };

export class FakeSource implements Source {
  readonly kind = 'run' as const;
  readonly label = 'run test';
  readonly calls: string[] = [];
  snapshotCalls = 0;
  closed = false;
  /** What the next action call does; default: resolve. */
  failWith: Error | null = null;
  reloadResult: ReloadResult = { ok: true, replaced: [0, 1] };
  backfill: LogLine[] = [];
  private listeners = new Set<(e: SupervisorEvent) => void>();

  constructor(
    public current: Snapshot,
    readonly capabilities: SourceCapabilities = ALL_CAPABILITIES,
  ) {}

  subscribe(listener: (event: SupervisorEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: SupervisorEvent): void {
    for (const l of this.listeners) l(event);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  async snapshot(): Promise<Snapshot> {
    this.snapshotCalls++;
    return this.current;
  }

  async logs(query: LogQuery): Promise<LogLine[]> {
    return this.backfill.slice(-query.lines);
  }

  start(): Promise<void> {
    return this.act('start');
  }

  delete(target: Target): Promise<void> {
    return this.act(`delete ${target}`);
  }

  restart(target: Target): Promise<void> {
    return this.act(`restart ${target}`);
  }

  async reload(target: Target, onProgress?: (p: ReloadProgress) => void): Promise<ReloadResult> {
    await this.act(`reload ${target}`);
    onProgress?.({ app: target, id: 0, phase: 'done', pid: 999 });
    return this.reloadResult;
  }

  async scale(app: string, count: string): Promise<number> {
    await this.act(`scale ${app} ${count}`);
    return 3;
  }

  stop(target: Target): Promise<void> {
    return this.act(`stop ${target}`);
  }

  kill(target: Target): Promise<void> {
    return this.act(`kill ${target}`);
  }

  async diagnose(target: Target, request: DiagnosticRequest): Promise<DiagnosticResult> {
    await this.act(`${request.kind} ${target}`);
    const [app, id] = target.split(':');
    return { kind: request.kind, app: app!, id: Number(id), pid: 4242, ...('out' in request ? { path: request.out, bytes: 2048 } : {}) };
  }

  onLost(): void {}

  async close(): Promise<void> {
    this.closed = true;
  }

  private async act(call: string): Promise<void> {
    this.calls.push(call);
    if (this.failWith) throw this.failWith;
  }
}
