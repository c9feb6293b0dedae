// `clmon start` needs the home's daemon: connect to it, or start it (detached, its own session,
// output to `<home>/daemon.log`) and wait until its socket answers.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readSync, renameSync, statSync } from 'node:fs';
import { RuntimeError, UserError } from '../errors.js';
import { ensureHome, type HomePaths } from '../home.js';
import { distFile } from '../runtime/runtime-files.js';
import { connectControl, type ControlClient } from './control-client.js';
import { DAEMON_NODE_FLAGS } from './daemon-node-flags.js';
import { isDaemonProcess, readPidFile } from './process-alive.js';
import { probeSocket } from './socket-probe.js';

const START_TIMEOUT_MS = 15_000;
const POLL_MS = 50;
/** daemon.log is rotated (one old copy) when a daemon starts and it is bigger than this. */
const MAX_DAEMON_LOG_BYTES = 10 * 1024 * 1024;

/** Environment variables the daemon keeps; apps get the caller's environment with each `start`. */
const DAEMON_ENV_KEYS = ['PATH', 'HOME', 'USER', 'LOGNAME', 'SHELL', 'LANG', 'LC_ALL', 'TMPDIR', 'TZ'];

export interface DaemonSettings {
  /** `--metrics [host:]port` for a daemon started now (docs/supervision.md#metrics-endpoint). */
  metrics?: string;
}

/** A client of the home's daemon, starting the daemon first if none runs. */
export async function ensureDaemon(home: string, settings: DaemonSettings = {}): Promise<ControlClient> {
  const paths = ensureHome(home);
  if ((await probeSocket(paths.daemonSocket)) === 'alive') {
    return connectControl(paths.daemonSocket, { hint: `see ${paths.daemonLog}` });
  }
  // A daemon that is still starting holds the pid file: wait for it instead of racing it.
  const holder = readPidFile(paths.daemonPid);
  const exited = holder !== undefined && isDaemonProcess(holder) ? undefined : spawnDaemon(paths, settings);
  return waitForDaemon(paths, exited);
}

/** Spawn the daemon process; resolves with its exit code if it ends early. */
function spawnDaemon(paths: HomePaths, settings: DaemonSettings): Promise<number | null> {
  rotateLog(paths.daemonLog);
  const out = openSync(paths.daemonLog, 'a', 0o600);
  try {
    const args = [...DAEMON_NODE_FLAGS, distFile('daemon/daemon-main.js'), '--home', paths.root];
    if (settings.metrics !== undefined) args.push('--metrics', settings.metrics);
    const child = spawn(process.execPath, args, {
      detached: true,
      stdio: ['ignore', out, out],
      env: daemonEnv(paths.root),
      cwd: paths.root,
    });
    child.unref();
    return new Promise((resolve) => {
      child.once('error', () => resolve(-1));
      child.once('exit', (code) => resolve(code));
    });
  } finally {
    closeSync(out);
  }
}

async function waitForDaemon(paths: HomePaths, exited: Promise<number | null> | undefined): Promise<ControlClient> {
  let exitCode: number | null | undefined;
  void exited?.then((code) => (exitCode = code));
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if ((await probeSocket(paths.daemonSocket)) === 'alive') {
      return connectControl(paths.daemonSocket, { hint: `see ${paths.daemonLog}` });
    }
    // Exit 0 = another daemon won the lock (keep waiting for it); 2 = a bad setting (its last
    // log line says which); anything else is a failure.
    if (exitCode === 2) throw new UserError(lastLogMessage(paths.daemonLog));
    if (exitCode !== undefined && exitCode !== 0) {
      throw new RuntimeError(`the daemon of home ${paths.root} failed to start (exit code ${exitCode}):\n${logTail(paths.daemonLog)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  throw new RuntimeError(
    `the daemon of home ${paths.root} did not answer within ${START_TIMEOUT_MS / 1000} s; see ${paths.daemonLog}:\n${logTail(paths.daemonLog)}`,
  );
}

function daemonEnv(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { CLMON_HOME: home };
  for (const key of DAEMON_ENV_KEYS) if (process.env[key] !== undefined) env[key] = process.env[key];
  return env;
}

function rotateLog(path: string): void {
  try {
    if (statSync(path).size > MAX_DAEMON_LOG_BYTES) renameSync(path, `${path}.1`);
  } catch {
    // no log yet
  }
}

/** The daemon's last log line without its time and name: what it refused to start with. */
function lastLogMessage(path: string): string {
  const last = logTail(path).trim().split('\n').at(-1) ?? '';
  return last.replace(/^\[[^\]]*\] clmon daemon: /, '') || `the daemon could not start; see ${path}`;
}

/** The last lines of the daemon's log, for an error message (reads only its last 8 KiB). */
function logTail(path: string): string {
  try {
    const fd = openSync(path, 'r');
    try {
      const size = statSync(path).size;
      const buffer = Buffer.alloc(Math.min(size, 8192));
      readSync(fd, buffer, 0, buffer.length, size - buffer.length);
      return buffer
        .toString('utf8')
        .trimEnd()
        .split('\n')
        .slice(-10)
        .map((line) => `  ${line}`)
        .join('\n');
    } finally {
      closeSync(fd);
    }
  } catch {
    return '  (no daemon log)';
  }
}
