// `clmon attach --via … --via …` (docs/cli.md#many-hosts): every host in one TUI, as one more Source. The
// hosts' apps are listed host by host; with more than one host an app's name is qualified as
// `<host>/<app>` (what the UI keys rows, selections and log tags by), so a target names its host
// and an action goes to the host of the selected worker. Each host's link state rides on the
// snapshot (`hosts`) for the header. Log lines get one arrival order across hosts (each host
// numbers its own), kept in one bounded ring that answers logs() too, so the backfill and the
// live batches agree on `seq`.
import { UserError } from '../errors.js';
import type { ControlClient } from '../daemon/control-client.js';
import { RingBuffer } from '../logs/ring-buffer.js';
import type { LogQuery, SupervisorEvent } from '../model/controller.js';
import type { FollowOptions, Source, SourceCapabilities } from '../model/source.js';
import type { AppInfo, AppSpec, DiagnosticRequest, DiagnosticResult, LogLine, ReloadProgress, ReloadResult, Snapshot, Target } from '../model/types.js';
import { SUPERVISOR_CAPABILITIES } from '../sources/supervisor-source.js';
import { parseTarget } from '../model/targets.js';
import { HostLink, type HostLinkOptions } from './host-link.js';
import type { ViaHost } from './via-prefix.js';

/** Lines kept across all hosts (the TUI keeps as many). */
const LOG_CAPACITY = 5000;
/**
 * A host's snapshot that changed only in its figures (CPU, memory, uptime: sampled once a second
 * on each host, at a different moment on each) is announced with the others' at most this often,
 * so N hosts cost one render a second rather than N; a change of state is announced at once.
 */
const FIGURES_EVERY_MS = 1000;
/**
 * At start, apps are shown once every host has answered or failed (or after this long), so that
 * the first worker of the first host is the one selected, whichever host answers first.
 */
const SETTLE_MS = 5000;

interface HostState {
  link: HostLink;
  /** Who runs where, in what state: a change here is shown at once. */
  shape: string;
  /** Where the host's lines stop being new: its supervisor, its last seq and time. */
  lastFrom: string | undefined;
  lastSeq: number;
  lastAt: number;
}

export class ManyHostsSource implements Source {
  readonly kind = 'daemon' as const;
  readonly label: string;
  readonly capabilities: SourceCapabilities = {
    ...SUPERVISOR_CAPABILITIES,
    start: 'start apps on a host with clmon start there',
  };
  private readonly hosts: HostState[];
  private readonly listeners = new Set<(event: SupervisorEvent) => void>();
  private readonly ring = new RingBuffer<LogLine>(LOG_CAPACITY);
  private nextSeq = 1;
  private figuresTimer: NodeJS.Timeout | undefined;
  private settled = false;
  private readonly settleTimer: NodeJS.Timeout;

  constructor(hosts: readonly ViaHost[], options: HostLinkOptions = {}) {
    this.label = hosts.length === 1 ? `host ${hosts[0]!.label}` : `${hosts.length} hosts`;
    this.hosts = hosts.map((host) => {
      const state: HostState = { link: undefined as unknown as HostLink, shape: '', lastFrom: undefined, lastSeq: -1, lastAt: -Infinity };
      state.link = new HostLink(
        host,
        { event: (event, client) => this.onHostEvent(state, event, client), state: () => this.emit({ type: 'changed' }) },
        options,
      );
      return state;
    });
    for (const h of this.hosts) h.link.start();
    this.settleTimer = setTimeout(() => this.settle(), SETTLE_MS);
    this.settleTimer.unref();
  }

  private get many(): boolean {
    return this.hosts.length > 1;
  }

  async snapshot(_detail = false): Promise<Snapshot> {
    const hosts = this.hosts.map((h) => h.link.state());
    if (!this.settled && !this.hosts.every(answered)) return { apps: [], hosts };
    this.settled = true;
    const apps: AppInfo[] = [];
    for (const h of this.hosts) {
      const latest = h.link.client?.latestSnapshot();
      for (const app of latest?.apps ?? []) apps.push({ ...app, name: this.qualify(h, app.name), host: h.link.host.label });
    }
    return { apps, hosts };
  }

  async logs(query: LogQuery): Promise<LogLine[]> {
    const all = this.ring.toArray();
    const names = (await this.snapshot()).apps.map((a) => a.name);
    const target =
      query.target && query.target !== 'all' ? parseTarget(query.target, [...new Set([...names, ...all.map((l) => l.app)])]) : { kind: 'all' as const };
    const lines = all.filter(
      (l) => (!query.stream || l.stream === query.stream) && (target.kind === 'all' || (l.app === target.app && (target.kind === 'app' || l.id === target.id))),
    );
    return query.lines === 0 ? [] : lines.slice(-query.lines);
  }

  async start(_specs: AppSpec[]): Promise<void> {
    throw new UserError(this.capabilities.start as string);
  }

  async restart(target: Target): Promise<void> {
    await Promise.all(this.route(target).map(({ client, inner }) => client.restart(inner)));
  }

  async reload(target: Target, onProgress?: (p: ReloadProgress) => void): Promise<ReloadResult> {
    const results = await Promise.all(
      this.route(target).map(({ client, host, inner }) => client.reload(inner, onProgress && ((p) => onProgress({ ...p, app: this.qualify(host, p.app) })))),
    );
    const failed = results.find((r) => !r.ok);
    return { ok: !failed, ...(failed?.error ? { error: failed.error } : {}), replaced: results.flatMap((r) => r.replaced) };
  }

  async scale(app: string, count: string): Promise<number> {
    const [one] = this.route(app);
    return one!.client.scale(one!.inner, count);
  }

  async stop(target: Target): Promise<void> {
    await Promise.all(this.route(target).map(({ client, inner }) => client.stop(inner)));
  }

  async delete(target: Target): Promise<void> {
    await Promise.all(this.route(target).map(({ client, inner }) => client.delete(inner)));
  }

  async kill(_target: Target): Promise<void> {
    throw new UserError(SUPERVISOR_CAPABILITIES.kill as string);
  }

  /** docs/supervision.md#crash-forensics-and-diagnostics on the selected worker's host; the file is written there, by that worker. */
  async diagnose(target: Target, request: DiagnosticRequest): Promise<DiagnosticResult> {
    const [one] = this.route(target);
    const result = await one!.client.diagnose(one!.inner, request);
    return { ...result, app: this.qualify(one!.host, result.app) };
  }

  subscribe(listener: (event: SupervisorEvent) => void, _options?: FollowOptions): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Hosts come back by themselves: the view never ends because one is gone. */
  onLost(_listener: (message: string) => void): void {}

  async close(): Promise<void> {
    this.listeners.clear();
    clearTimeout(this.settleTimer);
    clearTimeout(this.figuresTimer);
    await Promise.all(this.hosts.map((h) => h.link.close()));
  }

  /** `<host>/<app>` when there are several hosts, else the app's own name. */
  private qualify(h: HostState, app: string): string {
    return this.many ? `${h.link.host.label}/${app}` : app;
  }

  /** The host (connected) and its own target for a target of ours; `all` is every connected host. */
  private route(target: Target): { host: HostState; client: ControlClient; inner: Target }[] {
    if (target === 'all') return this.connected().map(({ host, client }) => ({ host, client, inner: 'all' }));
    const match = /^(.*):(\d+)$/.exec(target);
    const name = match ? match[1]! : target;
    for (const h of this.hosts) {
      const app = this.many ? (name.startsWith(`${h.link.host.label}/`) ? name.slice(h.link.host.label.length + 1) : undefined) : name;
      if (app === undefined) continue;
      const known = h.link.client?.latestSnapshot()?.apps.some((a) => a.name === app);
      if (!this.many || known) {
        const client = h.link.client;
        if (!client) throw new UserError(`host ${h.link.host.label} is ${h.link.state().state}: ${h.link.state().reason ?? 'not connected yet'}`);
        return [{ host: h, client, inner: match ? `${app}:${match[2]}` : app }];
      }
    }
    const gone = this.hosts.find((h) => name.startsWith(`${h.link.host.label}/`) && !h.link.client);
    if (gone) throw new UserError(`host ${gone.link.host.label} is ${gone.link.state().state}: ${gone.link.state().reason ?? 'not connected yet'}`);
    throw new UserError(`unknown app "${name}"; a target here is <host>/<app>, <host>/<app>:<id> or all`);
  }

  private connected(): { host: HostState; client: ControlClient }[] {
    return this.hosts.flatMap((host) => (host.link.client ? [{ host, client: host.link.client }] : []));
  }

  private onHostEvent(h: HostState, event: SupervisorEvent, client: ControlClient): void {
    if (event.type === 'logs') {
      const lines = this.fresh(h, event.lines, client);
      if (lines.length > 0) this.emit({ type: 'logs', lines });
    } else if (event.type === 'reload-progress') {
      this.emit({ type: 'reload-progress', progress: { ...event.progress, app: this.qualify(h, event.progress.app) } });
    } else if (event.type === 'notice') {
      this.emit({ ...event, message: this.many ? `${h.link.host.label}: ${event.message}` : event.message });
    } else {
      this.onHostChanged(h, client);
    }
  }

  /** Show the apps from now on, whoever has not answered yet. */
  private settle(): void {
    if (this.settled) return;
    this.settled = true;
    this.emit({ type: 'changed' });
  }

  /** A new snapshot from a host: announce a change of state now, new figures once a second. */
  private onHostChanged(h: HostState, client: ControlClient): void {
    const shape = shapeOf(client.latestSnapshot());
    if (shape !== h.shape || !this.many) {
      h.shape = shape;
      clearTimeout(this.figuresTimer);
      this.figuresTimer = undefined;
      this.emit({ type: 'changed' });
      return;
    }
    this.figuresTimer ??= setTimeout(() => {
      this.figuresTimer = undefined;
      this.emit({ type: 'changed' });
    }, FIGURES_EVERY_MS);
  }

  /**
   * The lines not seen before (a reconnect's backlog repeats the last ones), renumbered into our
   * arrival order with qualified app names, and kept in the ring.
   */
  private fresh(h: HostState, lines: readonly LogLine[], client: ControlClient): LogLine[] {
    const from = `${client.hello.pid} ${client.hello.home} ${client.hello.supervisors ?? 1}`;
    const sameSupervisor = from === h.lastFrom && (client.hello.supervisors ?? 1) === 1;
    const out: LogLine[] = [];
    for (const line of lines) {
      const seen = sameSupervisor ? line.seq <= h.lastSeq : line.at < h.lastAt;
      if (seen) continue;
      h.lastSeq = line.seq;
      h.lastAt = line.at;
      const renumbered = { ...line, seq: this.nextSeq++, app: this.qualify(h, line.app) };
      this.ring.push(renumbered);
      out.push(renumbered);
    }
    h.lastFrom = from;
    return out;
  }

  private emit(event: SupervisorEvent): void {
    for (const listener of [...this.listeners]) listener(event);
  }
}

/** Whether a host has answered (its first snapshot is in) or failed, at least once. */
function answered(h: HostState): boolean {
  const { state } = h.link.state();
  return state !== 'connecting' && (state !== 'connected' || h.link.client?.latestSnapshot() !== undefined);
}

/** Apps, workers, pids, states and restart counts: what is shown at once when it changes. */
function shapeOf(snapshot: Snapshot | undefined): string {
  if (!snapshot) return '';
  return snapshot.apps.map((a) => `${a.name}|${a.instances}|${a.workers.map((w) => `${w.id}:${w.pid}:${w.status}:${w.restarts}`).join(',')}`).join(';');
}
