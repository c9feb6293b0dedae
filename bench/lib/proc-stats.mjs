// CPU and memory of processes, read straight from /proc (Linux): what the kernel accounted,
// not what a tool estimates. CPU is utime+stime of the process itself (children not included).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat times (almost always 100). */
export const TICKS_PER_SECOND = clockTicks();

function clockTicks() {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
}

/** {ppid, ticks} of pid, or undefined if it is gone. */
export function readStat(pid) {
  let text;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch {
    return undefined;
  }
  // The command name may hold spaces and parentheses: fields start after the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { state: fields[0], ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
}

/** Fields of /proc/<pid>/status in bytes: rss (VmRSS) and peak (VmHWM); undefined if gone. */
export function readMemory(pid) {
  let text;
  try {
    text = readFileSync(`/proc/${pid}/status`, 'latin1');
  } catch {
    return undefined;
  }
  const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

/** The command line of pid as one string ('' if gone). */
export function readCmdline(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0').join(' ').trim();
  } catch {
    return '';
  }
}

/** Every live descendant of pid (children, grandchildren, …). */
export function descendants(pid) {
  const children = new Map();
  for (const entry of readdirSync('/proc')) {
    const child = Number(entry);
    if (!Number.isInteger(child)) continue;
    const stat = readStat(child);
    if (!stat) continue;
    if (!children.has(stat.ppid)) children.set(stat.ppid, []);
    children.get(stat.ppid).push(child);
  }
  const out = [];
  const queue = [pid];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()) ?? []) {
      out.push(child);
      queue.push(child);
    }
  }
  return out;
}

/** Ticks of each pid now (missing pids are left out). */
export function snapshotTicks(pids) {
  const map = new Map();
  for (const pid of pids) {
    const stat = readStat(pid);
    if (stat && stat.state !== 'Z') map.set(pid, stat.ticks);
  }
  return map;
}

/**
 * Percent of one core used by the pids present in both snapshots over `seconds`.
 * A process that came or went inside the window is left out on purpose: in a restart loop
 * those are the short-lived workers, not the supervisor being measured.
 */
export function cpuPercent(before, after, seconds) {
  let ticks = 0;
  for (const [pid, start] of before) {
    const end = after.get(pid);
    if (end !== undefined && end >= start) ticks += end - start;
  }
  return (ticks / TICKS_PER_SECOND / seconds) * 100;
}

/**
 * Sample the summed RSS of `pidsFn()` every intervalMs until stop(); stop() returns
 * {mean, max} in bytes (0 if never sampled).
 */
export function sampleRss(pidsFn, intervalMs = 1000) {
  const samples = [];
  const take = () => {
    let sum = 0;
    for (const pid of pidsFn()) sum += readMemory(pid)?.rss ?? 0;
    samples.push(sum);
  };
  take();
  const timer = setInterval(take, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      take();
      const max = Math.max(0, ...samples);
      const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
      return { mean, max };
    },
  };
}
