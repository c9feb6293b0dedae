// The reaper: a tiny detached process that outlives its supervisor. The supervisor writes
// "+<pid>" / "-<pid>" lines on its stdin as workers come and go; when stdin closes (the
// supervisor exited, even by SIGKILL) every worker still tracked is killed with its whole tree.
// Cluster workers exit on their own when the IPC channel drops, but fork-mode children and
// grandchildren would not (SPEC §4.3: no orphans, ever).
//
// Grandchildren are found by the token in their environment (argv[2], inherited from the
// worker's CLMON_SUPERVISOR variable): by the time the reaper looks, cluster workers may already
// have exited and their children been re-parented, so the process tree alone would miss them.
import { readdirSync, readFileSync } from 'node:fs';
import pidtree from 'pidtree';

const token = process.argv[2];

const tracked = new Set<number>();
let buffer = '';

process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk: string) => {
  buffer += chunk;
  let nl: number;
  while ((nl = buffer.indexOf('\n')) >= 0) {
    const line = buffer.slice(0, nl);
    buffer = buffer.slice(nl + 1);
    const pid = Number(line.slice(1));
    if (!Number.isInteger(pid) || pid <= 0) continue;
    if (line[0] === '+') tracked.add(pid);
    else if (line[0] === '-') tracked.delete(pid);
  }
});
process.stdin.on('end', () => void reapAll());
process.stdin.on('error', () => void reapAll());
// The terminal of a `clmon run` may hang up while we still have work to do.
process.on('SIGHUP', () => {});
process.on('SIGINT', () => {});

async function reapAll(): Promise<void> {
  if (tracked.size === 0) process.exit(0);
  const victims = new Set<number>();
  for (const pid of tracked) {
    victims.add(pid);
    for (const child of await descendants(pid)) victims.add(child);
  }
  for (const pid of carryingToken()) victims.add(pid);
  signalAll(victims, 'SIGTERM');
  // Done as soon as every victim is gone; whatever ignores SIGTERM gets SIGKILL after 2 s.
  const started = Date.now();
  const poll = setInterval(() => {
    const alive = [...victims].filter(isAlive);
    if (alive.length > 0 && Date.now() - started < 2000) return;
    clearInterval(poll);
    signalAll(alive, 'SIGKILL');
    process.exit(0);
  }, 100);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function descendants(pid: number): Promise<number[]> {
  try {
    return await pidtree(pid);
  } catch {
    return [];
  }
}

/** Pids whose environment holds CLMON_SUPERVISOR=<token> (Linux /proc; empty elsewhere). */
function carryingToken(): number[] {
  if (!token) return [];
  const needle = `CLMON_SUPERVISOR=${token}\0`;
  const found: number[] = [];
  let entries: string[] = [];
  try {
    entries = readdirSync('/proc');
  } catch {
    return found;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${entry}/environ`, 'latin1').includes(needle)) found.push(Number(entry));
    } catch {
      // gone, or not ours to read
    }
  }
  return found;
}

function signalAll(pids: Iterable<number>, signal: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}
