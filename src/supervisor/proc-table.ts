// What the kernel says about processes, read from /proc directly (Linux): liveness that does
// not count zombies, a pid's descendants, and the pids whose environment carries a marker.
// Where /proc is missing (macOS), `ps` gives the parent links and kill(0) the liveness.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

let hasProc: boolean | undefined;

/** Whether /proc can be read here. */
export function procAvailable(): boolean {
  if (hasProc === undefined) {
    try {
      readFileSync('/proc/self/stat');
      hasProc = true;
    } catch {
      hasProc = false;
    }
  }
  return hasProc;
}

/** A process's state letter from /proc/<pid>/stat (R, S, D, Z, T, …), or null if it is gone. */
export function processState(pid: number): string | null {
  const stat = readStat(pid);
  return stat ? stat.state : null;
}

/** Alive: it exists (ours or another user's) and is not a zombie waiting to be reaped. */
export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (!procAvailable()) return true;
  const state = processState(pid);
  return state !== null && state !== 'Z' && state !== 'X';
}

/** Every descendant of pid (children, grandchildren, …), parents first. */
export async function descendants(pid: number): Promise<number[]> {
  const parents = procAvailable() ? procParents() : await psParents();
  const children = new Map<number, number[]>();
  for (const [child, parent] of parents) {
    const list = children.get(parent);
    if (list) list.push(child);
    else children.set(parent, [child]);
  }
  const found: number[] = [];
  const queue = [pid];
  const seen = new Set(queue);
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()!) ?? []) {
      if (seen.has(child)) continue;
      seen.add(child);
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

/** The direct children of pid, ascending. */
export async function childPids(pid: number): Promise<number[]> {
  const parents = procAvailable() ? procParents() : await psParents();
  return [...parents]
    .filter(([, parent]) => parent === pid)
    .map(([child]) => child)
    .sort((a, b) => a - b);
}

/**
 * Live pids whose environment holds every one of `entries` ("KEY=value", exact). Processes we
 * may not read (another user's) are skipped; empty where /proc is missing.
 */
export function pidsCarrying(entries: string[]): number[] {
  if (entries.length === 0 || !procAvailable()) return [];
  const found: number[] = [];
  for (const pid of procPids()) {
    if (pid === process.pid) continue;
    let environ: string;
    try {
      environ = `\0${readFileSync(`/proc/${pid}/environ`, 'latin1')}`;
    } catch {
      continue; // gone, or not ours to read
    }
    if (entries.every((entry) => environ.includes(`\0${entry}\0`)) && isAlive(pid)) found.push(pid);
  }
  return found;
}

function procPids(): number[] {
  try {
    return readdirSync('/proc')
      .filter((name) => name.charCodeAt(0) >= 48 && name.charCodeAt(0) <= 57)
      .map(Number);
  } catch {
    return [];
  }
}

/** child → parent for every process in /proc. */
function procParents(): Map<number, number> {
  const parents = new Map<number, number>();
  for (const pid of procPids()) {
    const stat = readStat(pid);
    if (stat) parents.set(pid, stat.ppid);
  }
  return parents;
}

function readStat(pid: number): { state: string; ppid: number } | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch {
    return null;
  }
  // "pid (comm) S ppid …": comm may itself hold spaces and ") ", so split after the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { state: fields[0] ?? '?', ppid: Number(fields[1]) };
}

/** child → parent from `ps` (no /proc). */
function psParents(): Promise<Map<number, number>> {
  return new Promise((resolve) => {
    execFile('ps', ['-A', '-o', 'pid=,ppid='], { maxBuffer: 16 * 1024 * 1024 }, (err, stdout) => {
      const parents = new Map<number, number>();
      if (!err) {
        for (const line of stdout.split('\n')) {
          const [pid, ppid] = line.trim().split(/\s+/).map(Number);
          if (pid && ppid !== undefined && Number.isInteger(ppid)) parents.set(pid, ppid);
        }
      }
      resolve(parents);
    });
  });
}
