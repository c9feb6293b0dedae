// What the pid source reads about a foreign process tree: whether the root lives, its direct
// children (src/supervisor/proc-table: /proc, `ps` where there is none), its name from /proc, and CPU/RSS/age per child (pidusage).
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { childPids as procChildPids } from '../../supervisor/proc-table.js';
import pidusage from 'pidusage';

export interface Usage {
  /** percent of one core */
  cpu: number;
  /** RSS bytes */
  memory: number;
  /** ms since the process started */
  elapsed: number;
}

/** true if a process with this pid runs (EPERM: it exists, owned by someone else). A zombie,
 * dead but not yet reaped by its parent, does not count. */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return !isZombie(pid);
}

function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The state follows the command name, which is in parentheses and may itself contain ") ".
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false; // no /proc: trust kill(0)
  }
}

/** The direct children of pid, ascending (the workers of a primary; not their own children). */
export async function childPids(pid: number): Promise<number[]> {
  return procChildPids(pid);
}

/** The app name for a primary: its script's basename without extension (`node server.js` →
 * `server`), else its executable's name; `pid-<n>` where /proc is not available. */
export async function processName(pid: number): Promise<string> {
  let argv: string[];
  try {
    argv = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0').filter((a) => a !== '');
  } catch {
    return `pid-${pid}`;
  }
  if (argv.length === 0) return `pid-${pid}`;
  const node = splitNodeArgv(argv);
  if (!node) return basename(argv[0]!).split(' ')[0] || `pid-${pid}`;
  return node.script ? basename(node.script, extname(node.script)) : basename(argv[0]!);
}

/** Node options whose value is the next argument (so it is not mistaken for the script). */
const TAKES_VALUE = new Set(['-r', '--require', '--import', '--loader', '--experimental-loader', '--env-file', '--title', '--inspect-port']);
/** Options that mean there is no script file at all. */
const NO_SCRIPT = new Set(['-e', '--eval', '-p', '--print', '-i', '--interactive']);

export interface NodeArgv {
  /** Options before the script (node's own). */
  nodeArgs: string[];
  /** undefined: no script file (`node -e …`, a REPL). */
  script: string | undefined;
  /** The script's arguments. */
  args: string[];
}

/** Split a node (or bun, deno) command line into node options, script and its arguments; null
 * when argv[0] is not such a runtime. */
export function splitNodeArgv(argv: readonly string[]): NodeArgv | null {
  if (argv.length === 0 || !/^(node|nodejs|bun|deno)(\d*)$/.test(basename(argv[0]!))) return null;
  const rest = argv.slice(1);
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === '--') return { nodeArgs: rest.slice(0, i), script: rest[i + 1], args: rest.slice(i + 2) };
    if (NO_SCRIPT.has(arg)) return { nodeArgs: rest, script: undefined, args: [] };
    if (TAKES_VALUE.has(arg)) {
      i++;
      continue;
    }
    if (!arg.startsWith('-')) return { nodeArgs: rest.slice(0, i), script: arg, args: rest.slice(i + 1) };
  }
  return { nodeArgs: rest, script: undefined, args: [] };
}

/** CPU, RSS and age of each pid; pids that vanished meanwhile are simply missing. */
export async function sampleUsage(pids: readonly number[]): Promise<Map<number, Usage>> {
  const result = new Map<number, Usage>();
  if (pids.length === 0) return result;
  const put = (pid: number, stat: pidusage.Status): void => {
    // whole ms: pidusage derives the age from clock ticks, with float noise (1649.9999999995343)
    result.set(pid, { cpu: Math.round(stat.cpu * 10) / 10, memory: stat.memory, elapsed: Math.round(stat.elapsed) });
  };
  try {
    const stats = await pidusage([...pids]);
    for (const [key, stat] of Object.entries(stats)) if (stat) put(Number(key), stat);
  } catch {
    // One pid exited between listing and sampling: sample the rest one by one.
    for (const pid of pids) {
      try {
        put(pid, await pidusage(pid));
      } catch {
        // gone
      }
    }
  }
  return result;
}
