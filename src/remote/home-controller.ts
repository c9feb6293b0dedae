// Several supervisors of one home (the daemon and `clmon run`s) as one Controller, for
// `clmon serve --stdio`: snapshots are concatenated, a target goes to the supervisor that runs
// the app (model/route-target.ts, as the CLI routes it), and log lines are renumbered into one arrival order, since
// each supervisor counts its own `seq` and the other end sees a single stream.
import { UserError } from '../errors.js';
import { clientLabel, type ControlClient } from '../daemon/control-client.js';
import type { Controller, LogQuery, SupervisorEvent } from '../model/controller.js';
import type { AppSpec, DiagnosticRequest, DiagnosticResult, LogLine, ReloadProgress, ReloadResult, Snapshot, Target } from '../model/types.js';
import { routeTarget } from '../model/route-target.js';

export class HomeController implements Controller {
  private nextSeq = 1;

  constructor(private readonly clients: readonly ControlClient[]) {}

  async snapshot(detail = false): Promise<Snapshot> {
    const snapshots = await Promise.all(this.clients.map((c) => c.snapshot(detail)));
    return { apps: snapshots.flatMap((s) => s.apps) };
  }

  async logs(query: LogQuery): Promise<LogLine[]> {
    const routed = query.target && query.target !== 'all' ? await this.route(query.target) : this.clients;
    const batches = await Promise.all(routed.map((c) => c.logs(query)));
    const merged = batches.flat().sort((a, b) => a.at - b.at || a.seq - b.seq);
    return this.renumber(query.lines === 0 ? [] : merged.slice(-query.lines));
  }

  async start(specs: AppSpec[]): Promise<void> {
    const daemon = this.clients.find((c) => c.hello.kind === 'daemon');
    if (!daemon) throw new UserError('no daemon runs in this home to start apps in; run `clmon start` there');
    await daemon.start(specs);
  }

  async restart(target: Target): Promise<void> {
    await Promise.all((await this.route(target)).map((c) => c.restart(target)));
  }

  async reload(target: Target, onProgress?: (p: ReloadProgress) => void): Promise<ReloadResult> {
    const results = await Promise.all((await this.route(target)).map((c) => c.reload(target, onProgress)));
    const failed = results.find((r) => !r.ok);
    return { ok: !failed, ...(failed?.error ? { error: failed.error } : {}), replaced: results.flatMap((r) => r.replaced) };
  }

  async scale(app: string, count: string): Promise<number> {
    const [client] = await this.route(app);
    return client!.scale(app, count);
  }

  async stop(target: Target): Promise<void> {
    await Promise.all((await this.route(target)).map((c) => c.stop(target)));
  }

  async delete(target: Target): Promise<void> {
    await Promise.all((await this.route(target)).map((c) => c.delete(target)));
  }

  async diagnose(target: Target, request: DiagnosticRequest): Promise<DiagnosticResult> {
    const [client] = await this.route(target);
    return client!.diagnose(target, request);
  }

  subscribe(listener: (event: SupervisorEvent) => void): () => void {
    const offs = this.clients.map((c) => c.subscribe((event) => listener(event.type === 'logs' ? { type: 'logs', lines: this.renumber(event.lines) } : event)));
    return () => offs.forEach((off) => off());
  }

  /** The supervisors a target concerns; an app in two of them must be asked for with --socket there. */
  private route(target: Target): Promise<readonly ControlClient[]> {
    return routeTarget(this.clients, target, {
      appsOf: async (c) => (await c.snapshot(false)).apps.map((a) => a.name),
      nameOf: (c) => `${clientLabel(c)} (--socket ${c.socketPath})`,
    });
  }

  private renumber(lines: readonly LogLine[]): LogLine[] {
    return lines.map((line) => ({ ...line, seq: this.nextSeq++ }));
  }
}
