// Every supervisor of a home (docs/cli.md: `ls` lists the daemon's apps and those of each running
// `clmon run`): the daemon socket and each `run-<pid>.sock`, connected concurrently. Files left
// by a supervisor that died without cleaning up are removed on the way.
import { readdirSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { homePaths, type HomePaths } from '../home.js';
import { connectControl, type ControlClient } from './control-client.js';
import { removeStalePidFile } from './daemon-lock.js';
import { isAlive, isDaemonProcess, readPidFile } from './process-alive.js';
import { probeSocket } from './socket-probe.js';

export interface Discovered {
  /** The daemon first, then the runs by pid. */
  clients: ControlClient[];
  /** Sockets that exist but did not answer in time (named, for a warning). */
  silent: string[];
}

const RUN_SOCKET = /^run-(\d+)\.sock$/;

/** Connect to every live supervisor of the home; never creates the home. */
export async function discoverSupervisors(home: string, timeoutMs = 3000): Promise<Discovered> {
  const paths = homePaths(home);
  const runs = listRunSockets(paths);
  const candidates = [{ path: paths.daemonSocket, pid: undefined as number | undefined }, ...runs];
  const results = await Promise.all(
    candidates.map(async ({ path, pid }) => {
      try {
        return { client: await connectControl(path, { timeoutMs }) };
      } catch {
        return { stale: await cleanUp(paths, path, pid) };
      }
    }),
  );
  const clients = results.flatMap((r) => (r.client ? [r.client] : []));
  const silent = candidates.filter((_, i) => results[i]!.stale === 'silent').map((c) => c.path);
  return { clients, silent };
}

function listRunSockets(paths: HomePaths): { path: string; pid: number }[] {
  let names: string[];
  try {
    names = readdirSync(paths.sockets);
  } catch {
    return [];
  }
  return names
    .map((name) => ({ name, match: RUN_SOCKET.exec(name) }))
    .filter((entry) => entry.match)
    .map((entry) => ({ path: join(paths.sockets, entry.name), pid: Number(entry.match![1]) }))
    .sort((a, b) => a.pid - b.pid);
}

/** After a failed connect: remove what a dead supervisor left; `silent` if it may still be alive. */
async function cleanUp(paths: HomePaths, path: string, runPid: number | undefined): Promise<'absent' | 'removed' | 'silent'> {
  const state = await probeSocket(path, 500);
  if (state === 'absent') {
    if (runPid === undefined) removeStalePidFile(paths);
    return 'absent';
  }
  if (state === 'alive') return 'silent';
  const owner = runPid ?? readPidFile(paths.daemonPid);
  const ownerAlive = owner !== undefined && (runPid !== undefined ? isAlive(owner) : isDaemonProcess(owner));
  if (ownerAlive) return 'silent';
  try {
    unlinkSync(path);
  } catch {
    // gone already
  }
  if (runPid === undefined) removeStalePidFile(paths);
  return 'removed';
}
