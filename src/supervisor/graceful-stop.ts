// Stopping one worker process gracefully (docs/supervision.md#stopping), with the escalation timeline:
// cluster: first the drain of docs/supervision.md#reload (at most drain_timeout), then disconnect + 'shutdown' at once,
// SIGINT at kill_timeout/2, SIGKILL at kill_timeout;
// fork: 'shutdown' (IPC + shutdown_with_message) or SIGINT, SIGKILL at kill_timeout.
import { drainWorker } from './drain-worker.js';
import { isAlive, processTree, signalPids, stopLeftovers } from './kill-tree.js';
import type { AppSpec, ExitCause } from '../model/types.js';
import type { ExitInfo, WorkerProcess } from './worker-process.js';

type StopSpec = Pick<AppSpec, 'killTimeout' | 'shutdownWithMessage' | 'drainTimeout'>;

/** Stop `proc` and every process under it; resolves with its exit once it (and its tree) is gone. */
export async function gracefulStop(proc: WorkerProcess, spec: StopSpec, cause: ExitCause): Promise<ExitInfo> {
  proc.stopCause ??= cause;
  if (proc.exited || proc.pid === null) return proc.exited ?? { code: null, signal: null };
  const pid = proc.pid;
  // Remember the tree now: once the worker is gone its children are re-parented and lost to us.
  const tree = new Set(await processTree(pid));
  const exited = waitExit(proc);
  // The app hears of its stop only once no client connection is left to reset (docs/supervision.md#reload).
  if ((await drainWorker(proc, spec)) !== 'skipped' && isAlive(pid)) for (const p of await processTree(pid)) tree.add(p);

  if (proc.mode === 'cluster') {
    proc.send('shutdown');
    proc.disconnect();
  } else if (spec.shutdownWithMessage && proc.hasIpc) {
    proc.send('shutdown');
  } else {
    signalTree(pid, tree, 'SIGINT');
  }

  const timers: NodeJS.Timeout[] = [];
  if (proc.mode === 'cluster') {
    timers.push(setTimeout(() => void signalTree(pid, tree, 'SIGINT'), spec.killTimeout / 2));
  }
  timers.push(
    setTimeout(() => {
      proc.killed = true;
      void signalTree(pid, tree, 'SIGKILL');
    }, spec.killTimeout),
  );
  const exit = await exited;
  timers.forEach(clearTimeout);
  tree.delete(pid);
  await stopLeftovers(tree, proc.markers);
  return exit;
}

/** Resolve when the process has exited. */
export function waitExit(proc: WorkerProcess): Promise<ExitInfo> {
  if (proc.exited) return Promise.resolve(proc.exited);
  return new Promise((resolve) => proc.once('exit', resolve));
}

/** SIGKILL a process (and its tree) at once: a replacement that failed, or a stuck worker. */
export async function killNow(proc: WorkerProcess, cause: ExitCause): Promise<ExitInfo> {
  proc.stopCause ??= cause;
  if (proc.exited || proc.pid === null) return proc.exited ?? { code: null, signal: null };
  const tree = await processTree(proc.pid);
  proc.killed = true;
  signalPids(tree, 'SIGKILL');
  const exit = await waitExit(proc);
  await stopLeftovers(tree.slice(1), proc.markers);
  return exit;
}

async function signalTree(pid: number, known: Set<number>, signal: NodeJS.Signals): Promise<void> {
  // Children started since the stop began are picked up too.
  if (isAlive(pid)) for (const p of await processTree(pid)) known.add(p);
  signalPids(known, signal);
}
