// The shapes every part of clmon agrees on: validated app specs (config → supervisor),
// worker/app snapshots (supervisor → socket, CLI, UI; the JSON of docs/json.md) and log lines.

export type ExecMode = 'cluster' | 'fork';

/** A validated, fully resolved app: every default applied, every unit parsed. */
export interface AppSpec {
  name: string;
  /** Absolute path of the script. */
  script: string;
  args: string[];
  /** Absolute working directory. */
  cwd: string;
  /** Resolved worker count (max, 0 and -1 already turned into numbers). */
  instances: number;
  execMode: ExecMode;
  /** The complete environment of a worker: caller's env, then `env`, then `env_<name>`. */
  env: Record<string, string>;
  /** Absolute path or command name of a non-Node interpreter (fork mode); undefined = node. */
  interpreter?: string;
  nodeArgs: string[];
  autorestart: boolean;
  maxRestarts: number;
  /** ms */
  minUptime: number;
  /** ms */
  restartDelay: number;
  /** ms; 0 = off */
  expBackoffRestartDelay: number;
  stopExitCodes: number[];
  /** bytes; 0 = off */
  maxMemoryRestart: number;
  /** ms */
  killTimeout: number;
  waitReady: boolean;
  /** ms */
  listenTimeout: number;
  shutdownWithMessage: boolean;
  cronRestart?: string;
  /** Paths to watch (absolute); false = off. */
  watch: false | string[];
  ignoreWatch: string[];
  /** Absolute log file paths; undefined = `<home>/logs/<name>-out.log` / `-err.log`. */
  outFile?: string;
  errorFile?: string;
  /** A combined file (out and err), in addition to the two above. */
  logFile?: string;
  mergeLogs: boolean;
  /** A date format for on-disk prefixes (PM2 style, e.g. "YYYY-MM-DD HH:mm:ss"). */
  logDateFormat?: string;
  /** Prefix each on-disk line with an ISO time (PM2's `time: true`). */
  time: boolean;
  instanceVar: string;
  /** PM2's `increment_var`: this variable is its value in `env` (0 if none) plus the worker's slot. */
  incrementVar?: string;
  /** Load the drain helper into cluster workers (docs/supervision.md#reload). */
  drain: boolean;
  /** Node's diagnostic report on uncaught exceptions and fatal errors (docs/supervision.md#crash-forensics-and-diagnostics). */
  diagnosticReports: boolean;
  /** Runtime metrics from inside Node workers (docs/supervision.md#runtime-metrics). */
  metrics: boolean;
  /** ms of event-loop delay p99 over one second; 0 = off (docs/supervision.md#memory-and-health). */
  maxEventLoopDelay: number;
  /** Heap used, bytes; 0 = off. */
  maxHeap: number;
  /** Samples in a row over a health limit before the worker is replaced. */
  unhealthyChecks: number;
  /** Rotate each log file at this size, bytes; 0 = off (docs/configuration.md#logs). */
  logMaxSize: number;
  /** Rotated files kept per log file (default 10). */
  logRetain: number;
  /** gzip rotated files. */
  logCompress: boolean;
  /** ms: how long a drain may take before the stop of docs/supervision.md#stopping begins anyway (docs/supervision.md#reload). */
  drainTimeout: number;
}

export type WorkerStatus = 'launching' | 'online' | 'stopping' | 'stopped' | 'waiting' | 'errored';

export type ExitCause = 'crash' | 'memory' | 'manual' | 'reload' | 'scale' | 'cron' | 'watch' | 'shutdown' | 'unhealthy';

/** The `lastExit` object of docs/json.md. */
export interface ExitSummary {
  /** ISO time */
  at: string;
  code: number | null;
  signal: string | null;
  uptimeMs: number;
  cause: ExitCause;
  /** Which limit and by how much, for cause `unhealthy` (docs/supervision.md#memory-and-health). */
  reason?: string;
}

/** One entry of `exits` (docs/json.md, describe). */
export interface ExitRecord extends ExitSummary {
  /** true if SIGKILL was needed to stop this run */
  killed: boolean;
  /** The last stderr lines (at most 20) before the exit, sanitized. */
  stderrTail: string[];
  /** What the diagnostic report of this crash says (docs/supervision.md#crash-forensics-and-diagnostics); absent when none was written. */
  error?: CrashError;
  /** Absolute path of that report (0600, under `<home>/reports/<app>/`). */
  report?: string;
}

/** The exception or fatal error behind a crash, from its diagnostic report (docs/supervision.md#crash-forensics-and-diagnostics). */
export interface CrashError {
  /** `Error: boom`, or the fatal error: `Allocation failed - JavaScript heap out of memory`. */
  message: string;
  /** The first JavaScript stack frames, `at explode (/srv/app.js:3:9)`; at most 10, sanitized. */
  frames: string[];
  /** What made Node write the report: `Exception`, `OOMError`, `FatalError`, … */
  trigger: string;
  /** The V8 heap at that moment, in bytes; null where the report has no figure. */
  heap: { used: number | null; total: number | null; limit: number | null };
}

/** A worker as shown by `ls --json` (and, with the optional fields, `describe --json`). */
export interface WorkerInfo {
  id: number;
  pid: number | null;
  status: WorkerStatus;
  restarts: number;
  uptimeMs: number;
  /** percent of one core */
  cpu: number;
  /** RSS bytes */
  memory: number;
  lastExit: ExitSummary | null;
  /** describe only: most recent first, at most 50 */
  exits?: ExitRecord[];
  /** for `waiting`: ms until the scheduled restart */
  restartInMs?: number;
  /** for `errored`: why it was given up on */
  reason?: string;
  /** Measured inside the worker (docs/supervision.md#runtime-metrics); null when there is no helper. */
  runtime?: RuntimeSample | null;
  /** Totals of the slot since it was created, for the metrics endpoint (not in the docs/json.md JSON). */
  counters?: WorkerCounters;
}

/** Monotonic per-slot totals (docs/supervision.md#metrics-endpoint `_total` counters), across the slot's restarts. */
export interface WorkerCounters {
  cpuSeconds: number;
  httpRequests: number;
  http5xx: number;
  gcSeconds: number;
}

/** The worker helper's latest sample (docs/supervision.md#runtime-metrics): sizes in bytes, times in ms, rates per second. */
export interface RuntimeSample {
  /** ISO time */
  sampledAt: string;
  eventLoopDelayP50Ms: number | null;
  eventLoopDelayP99Ms: number | null;
  eventLoopDelayMaxMs: number | null;
  eventLoopUtilization: number | null;
  heapUsed: number | null;
  heapTotal: number | null;
  heapLimit: number | null;
  gcMsPerSec: number | null;
  handles: number | null;
  httpRequestsPerSec: number | null;
  httpInFlight: number | null;
  httpLatencyP50Ms: number | null;
  httpLatencyP99Ms: number | null;
  http5xxPerSec: number | null;
}

export type SourceKind = 'run' | 'daemon' | 'pm2' | 'pid';

export interface AppInfo {
  name: string;
  mode: ExecMode;
  instances: number;
  source: SourceKind;
  /** The host it runs on, when reached with --via / --hosts (docs/cli.md#many-hosts). */
  host?: string;
  workers: WorkerInfo[];
  /** Detail snapshots only (describe, the TUI's detail view): how the app is configured. */
  config?: AppConfigView;
  /** Detail snapshots only: log files that do not accept writes now (disk full, ...). */
  logErrors?: LogFileProblem[];
}

/** A log file whose writes fail; clmon retries it every second (docs/supervision.md#logs). */
export interface LogFileProblem {
  path: string;
  error: string;
  /** ISO time of the first failure of this episode. */
  since: string;
  /** Lines that could not be kept while it failed. */
  droppedLines: number;
}

/** What the detail view and `describe` show of an app's configuration (docs/cli.md#attach: env, config). */
export interface AppConfigView {
  script: string;
  args: string[];
  cwd: string;
  /** Interpreter or `node`. */
  interpreter: string;
  nodeArgs: string[];
  /** Settings by their PM2 field names (max_restarts, kill_timeout, …), only those that apply. */
  settings: Record<string, string | number | boolean>;
  /** The workers' environment (before the per-slot variables). */
  env: Record<string, string>;
}

/** The whole observable state of a supervisor at one instant. */
export interface Snapshot {
  apps: AppInfo[];
  /** Attached to hosts through --via / --hosts (docs/cli.md#many-hosts): each host's link, in host order. */
  hosts?: HostLinkState[];
}

/** The link to one host of a many-hosts attach, for the header. */
export interface HostLinkState {
  label: string;
  /** `failed`: never reached (or cannot be: no such command, another protocol version). */
  state: 'connecting' | 'connected' | 'reconnecting' | 'failed';
  /** Why it is not connected: the command's stderr tail, the exit, the version mismatch. */
  reason?: string;
  /** ms until the next attempt (absent: none planned). */
  retryInMs?: number;
  /** `failed` for good, not retried: retrying cannot help (no such command, another protocol version). */
  givenUp?: true;
}

export type LogStream = 'out' | 'err';

/** One whole line from a worker, sanitized (no ANSI or control characters). */
export interface LogLine {
  /** Monotonic per supervisor: the merged arrival order. */
  seq: number;
  /** ms since the epoch */
  at: number;
  app: string;
  id: number;
  /** The worker process that wrote it (clmon's own supervisors). */
  pid?: number;
  stream: LogStream;
  text: string;
}

/** Progress of a rolling reload, one event per step per slot. */
export interface ReloadProgress {
  app: string;
  id: number;
  phase: 'starting' | 'ready' | 'stopping-old' | 'done' | 'failed' | 'restarting';
  /** pid of the new worker, once known */
  pid?: number;
  message?: string;
}

export interface ReloadResult {
  ok: boolean;
  /** Why the reload was aborted (ok = false). */
  error?: string;
  /** Slots replaced before success or abort. */
  replaced: number[];
}

/** An on-demand diagnostic of one worker, through its worker helper (docs/supervision.md#crash-forensics-and-diagnostics). */
export type DiagnosticRequest =
  /** A CPU profile of `durationMs`, written by the worker to `out` (absolute path). */
  | { kind: 'profile'; durationMs: number; out: string }
  /** A heap snapshot (the worker pauses while V8 takes it), written to `out`. */
  | { kind: 'heapsnapshot'; out: string }
  /** Open the worker's inspector on 127.0.0.1 (a free port), or close it again. */
  | { kind: 'inspect'; close?: boolean };

export interface DiagnosticResult {
  kind: DiagnosticRequest['kind'];
  app: string;
  id: number;
  pid: number;
  /** The file written (profile, heapsnapshot). */
  path?: string;
  bytes?: number;
  /** The inspector's `ws://127.0.0.1:<port>/<uuid>` (inspect; null once closed). */
  url?: string | null;
}

/** `all`, an app name, or one worker as `app:id`. */
export type Target = string;
