// `clmon kill`: stop every app of the daemon gracefully, then the daemon, and wait until its
// process is gone. A daemon that does not answer is signalled by its pid file; stale files of
// a dead one are removed. `clmon run`s are foreground processes of their own and are left alone.
import type { Command } from 'commander';
import { RuntimeError } from '../errors.js';
import { connectControl } from '../daemon/control-client.js';
import { removeStalePidFile } from '../daemon/daemon-lock.js';
import { discoverSupervisors } from '../daemon/discover.js';
import { isAlive, isDaemonProcess, readPidFile } from '../daemon/process-alive.js';
import { homePaths, type HomePaths } from '../home.js';
import { homeOf } from './context.js';

/** How long the daemon may take to exit after its apps stopped, before SIGTERM / SIGKILL. */
const EXIT_WAIT_MS = 10_000;
/** A hung daemon gets this long after SIGTERM (its graceful stop) before SIGKILL. */
const TERM_WAIT_MS = 20_000;

/** Register `kill`. */
export function registerKill(program: Command): void {
  program
    .command('kill')
    .description('stop every app of this home gracefully, then the daemon')
    .action(async (_opts: unknown, self: Command) => {
      const home = homeOf(self);
      const paths = homePaths(home);
      const pid = await killDaemon(paths);
      process.stdout.write(pid ? `stopped the daemon of home ${home} (pid ${pid}) and its apps\n` : `no daemon was running for home ${home}\n`);
      const { clients } = await discoverSupervisors(home, 1000);
      for (const run of clients) {
        process.stdout.write(`note: clmon run (pid ${run.hello.pid}) still runs; stop it with q or Ctrl-C in its terminal\n`);
        await run.close();
      }
    });
}

/** Returns the pid of the daemon that was stopped, or undefined if none ran. */
async function killDaemon(paths: HomePaths): Promise<number | undefined> {
  let client;
  try {
    client = await connectControl(paths.daemonSocket, { timeoutMs: 3000 });
  } catch {
    return signalDaemon(paths);
  }
  const pid = client.hello.pid;
  try {
    await client.kill();
  } catch (err) {
    // The daemon closing the socket right after the reply is fine; anything else is reported.
    if (isAlive(pid) && !client.closed) throw err;
  } finally {
    await client.close();
  }
  if (!(await waitForExit(pid, EXIT_WAIT_MS))) await terminate(pid);
  removeStalePidFile(paths);
  return pid;
}

/** No answer on the socket: a hung daemon still holding the pid file gets signals. */
async function signalDaemon(paths: HomePaths): Promise<number | undefined> {
  const pid = readPidFile(paths.daemonPid);
  if (pid === undefined || !isDaemonProcess(pid)) {
    removeStalePidFile(paths);
    return undefined;
  }
  await terminate(pid);
  removeStalePidFile(paths);
  return pid;
}

async function terminate(pid: number): Promise<void> {
  signal(pid, 'SIGTERM');
  if (await waitForExit(pid, TERM_WAIT_MS)) return;
  signal(pid, 'SIGKILL');
  if (!(await waitForExit(pid, 5000))) throw new RuntimeError(`the daemon (pid ${pid}) survived SIGKILL; check it with ps`);
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}
