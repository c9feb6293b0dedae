// One running worker process, cluster or fork, behind one small interface: the slot state machine
// and the reload logic never care which mode spawned it.
import cluster, { type Worker } from 'node:cluster';
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import type { Readable } from 'node:stream';
import { distFile } from '../runtime/runtime-files.js';
import { reportFlags } from './crash-reports.js';
import type { AppSpec, ExitCause } from '../model/types.js';

/** What a spawn needs beyond the spec. */
export interface SpawnOptions {
  /** The app's report directory (docs/supervision.md#crash-forensics-and-diagnostics); undefined: no diagnostic reports. */
  reportDir?: string;
}

export interface ExitInfo {
  code: number | null;
  signal: string | null;
}

/** A message of the worker helper's own (src/runtime/helper-ipc.cts): `{ clmon: kind, ... }`. */
export interface HelperMessage {
  clmon: string;
  [key: string]: unknown;
}

function isHelperMessage(message: unknown): message is HelperMessage {
  return typeof message === 'object' && message !== null && typeof (message as HelperMessage).clmon === 'string';
}

/**
 * Events: `ready` (listening, or the 'ready' message with wait_ready; once), `exit` (ExitInfo,
 * once), `spawn-error` (Error: the process could not be started at all), `helper` (HelperMessage
 * from the worker helper).
 */
export class WorkerProcess extends EventEmitter {
  readonly startedAt = Date.now();
  pid: number | null = null;
  exited: ExitInfo | null = null;
  isReady = false;
  /** Set by whoever stops this process on purpose: the cause recorded for its exit. */
  stopCause: ExitCause | null = null;
  /** true once SIGKILL was needed. */
  killed = false;
  /** How the drain before a planned stop ended (docs/supervision.md#reload); null: none yet. */
  drainOutcome: 'drained' | 'timeout' | 'exited' | 'skipped' | null = null;
  /** The worker helper's capabilities loaded into this process (`diagnostics`, `drain`, …). */
  helper: ReadonlySet<string> = new Set();
  /** Where this process writes its diagnostic report if it crashes (docs/supervision.md#crash-forensics-and-diagnostics); undefined: off. */
  reportDir: string | undefined;
  /**
   * "KEY=value" entries only this process (and whatever it starts, which inherits them) has in
   * its environment: how its descendants are found once they are re-parented.
   */
  markers: string[] = [];

  /** Use WorkerProcess.spawn. */
  constructor(
    readonly mode: AppSpec['execMode'],
    readonly stdout: Readable | null,
    readonly stderr: Readable | null,
    private readonly child: ChildProcess,
    private readonly clusterWorker: Worker | null,
  ) {
    super();
  }

  /** Spawn a worker for slot `id` of `spec`. */
  static spawn(spec: AppSpec, id: number, supervisorToken: string, opts: SpawnOptions = {}): WorkerProcess {
    const serial = String(++spawnSerial);
    const env = { ...workerEnv(spec, id), CLMON_SUPERVISOR: supervisorToken, CLMON_PROCESS: serial };
    const reports = opts.reportDir !== undefined && spec.diagnosticReports && runsOnNode(spec);
    const nodeArgs = reports ? [...spec.nodeArgs, ...reportFlags(opts.reportDir!)] : spec.nodeArgs;
    const proc = spec.execMode === 'cluster' ? spawnCluster(spec, env, nodeArgs) : spawnFork(spec, env, nodeArgs);
    if (reports) proc.reportDir = opts.reportDir;
    proc.markers = [`CLMON_SUPERVISOR=${supervisorToken}`, `CLMON_PROCESS=${serial}`];
    return proc;
  }

  get hasIpc(): boolean {
    return this.child.connected;
  }

  /** Send an IPC message if the channel is open; false otherwise. */
  send(message: unknown): boolean {
    if (!this.child.connected) return false;
    try {
      this.child.send(message as never);
      return true;
    } catch {
      return false;
    }
  }

  /** Cluster: stop routing connections to this worker and let its servers close. */
  disconnect(): void {
    if (this.clusterWorker && this.child.connected) {
      try {
        this.clusterWorker.disconnect();
      } catch {
        // the channel closed in between
      }
    }
  }

  /** @internal wiring shared by both modes */
  wire(waitReady: boolean): this {
    this.pid = this.child.pid ?? null;
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
      if (this.exited) return;
      this.exited = { code, signal };
      this.emit('exit', this.exited);
    };
    this.child.once('exit', onExit);
    this.child.once('error', (err) => {
      if (this.pid === null || this.child.pid === undefined) {
        this.exited = { code: null, signal: null };
        this.emit('spawn-error', err);
        this.emit('exit', this.exited);
      }
    });
    this.child.on('message', (message: unknown) => {
      if (message === 'ready' && waitReady) this.markReady();
      else if (isHelperMessage(message)) this.emit('helper', message);
    });
    if (!waitReady) {
      if (this.clusterWorker) this.clusterWorker.once('listening', () => this.markReady());
      else this.child.once('spawn', () => this.markReady());
    }
    return this;
  }

  private markReady(): void {
    if (this.isReady || this.exited) return;
    this.isReady = true;
    this.emit('ready');
  }
}

/** Cluster workers, and fork workers without another interpreter, are Node.js processes. */
export function runsOnNode(spec: AppSpec): boolean {
  return spec.execMode === 'cluster' || spec.interpreter === undefined || spec.interpreter === 'node';
}

/** Numbers the processes this supervisor spawns (CLMON_PROCESS, with the token: unique). */
let spawnSerial = 0;

/** The worker's environment (docs/supervision.md#slots-and-states): the app's env plus the slot variables. */
function workerEnv(spec: AppSpec, id: number): Record<string, string> {
  const env: Record<string, string> = {
    ...spec.env,
    [spec.instanceVar]: String(id),
    CLMON_APP: spec.name,
    CLMON_WORKER_ID: String(id),
  };
  // PM2's increment_var: PORT 3000 gives slot 0 port 3000, slot 1 port 3001 (a non-number counts as 0)
  if (spec.incrementVar) env[spec.incrementVar] = String((Number(spec.env[spec.incrementVar]) || 0) + id);
  return env;
}

/**
 * The worker helper's capabilities for a Node worker with an IPC channel, as the env flags the
 * helper reads (src/runtime/worker-helper.cts); none: the helper is not loaded at all.
 */
function helperFlags(spec: AppSpec, mode: AppSpec['execMode']): Record<string, string> {
  const flags: Record<string, string> = { CLMON_HELPER_DIAGNOSTICS: '1' };
  if (mode === 'cluster' && spec.drain) flags.CLMON_HELPER_DRAIN = '1';
  if (spec.metrics) flags.CLMON_HELPER_METRICS = '1';
  return flags;
}

/** Add the helper to a Node worker's execArgv and env; the capabilities loaded. */
function loadHelper(spec: AppSpec, mode: AppSpec['execMode'], execArgv: string[], env: Record<string, string>): Set<string> {
  const flags = helperFlags(spec, mode);
  if (Object.keys(flags).length === 0) return new Set();
  execArgv.push('--require', distFile('runtime/worker-helper.cjs'));
  Object.assign(env, flags);
  return new Set(Object.keys(flags).map((flag) => flag.slice('CLMON_HELPER_'.length).toLowerCase()));
}

function spawnCluster(spec: AppSpec, env: Record<string, string>, nodeArgs: string[]): WorkerProcess {
  const execArgv = [...nodeArgs];
  const helper = loadHelper(spec, 'cluster', execArgv, env);
  // setupPrimary applies to the next fork only, so every app can have its own script and args.
  // silent: stdout/stderr are pipes the supervisor drains, never the worker's own memory.
  cluster.setupPrimary({ exec: spec.script, args: spec.args, execArgv, silent: true, cwd: spec.cwd });
  const worker = forkWithOnly(env);
  const proc = new WorkerProcess('cluster', worker.process.stdout, worker.process.stderr, worker.process, worker);
  proc.helper = helper;
  // A cluster worker's 'error' (e.g. IPC send after exit) must not crash the supervisor.
  worker.on('error', () => {});
  return proc.wire(spec.waitReady);
}

/**
 * cluster.fork(env) gives the worker `{ ...process.env, ...env }`: in a daemon that is the
 * environment of whichever `clmon start` launched the daemon, which an app started later must not
 * inherit (its env is already the whole environment of its own caller). node:cluster reads
 * process.env synchronously inside fork, so it sees only the app's env for that one call.
 */
function forkWithOnly(env: Record<string, string>): Worker {
  const own = process.env;
  process.env = {};
  try {
    return cluster.fork(env);
  } finally {
    process.env = own;
  }
}

function spawnFork(spec: AppSpec, env: Record<string, string>, nodeArgs: string[]): WorkerProcess {
  let child: ChildProcess;
  let helper = new Set<string>();
  const options = { cwd: spec.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] as ('ignore' | 'pipe' | 'ipc')[] };
  if (spec.interpreter === undefined || spec.interpreter === 'node') {
    const execArgv = [...nodeArgs];
    helper = loadHelper(spec, 'fork', execArgv, env);
    child = fork(spec.script, spec.args, { ...options, execArgv, stdio: [...options.stdio, 'ipc'] });
  } else if (spec.interpreter === 'none') {
    child = spawn(spec.script, spec.args, options);
  } else {
    child = spawn(spec.interpreter, [...spec.nodeArgs, spec.script, ...spec.args], options);
  }
  const proc = new WorkerProcess('fork', child.stdout, child.stderr, child, null);
  proc.helper = helper;
  // wait_ready needs an IPC channel: without one the process is ready once spawned.
  return proc.wire(spec.waitReady && child.connected);
}
