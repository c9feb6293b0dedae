// How many workers and how they run: `instances` (n, "max", 0 = max, -1 = max - 1) and
// `exec_mode` (cluster | fork, PM2's "cluster_mode" | "fork_mode" too), with PM2's meanings.
import { UserError } from '../errors.js';
import type { ExecMode } from '../model/types.js';
import { formatValue } from './format-value.js';

/** A guard against a typo starting thousands of processes. */
export const MAX_INSTANCES = 1024;

export interface Instances {
  count: number;
  /** Given relative to the CPU count ("max", 0, negative): asks for one worker per CPU, so cluster. */
  perCpu: boolean;
}

/** Resolve `instances` against the CPU count; a negative n means max + n, never fewer than 1. */
export function parseInstances(value: unknown, where: string, cpus: number): Instances {
  const n = typeof value === 'string' && /^\s*[-+]?\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof n === 'string' && n.trim().toLowerCase() === 'max') return { count: cpus, perCpu: true };
  if (typeof n === 'number' && Number.isInteger(n) && n <= MAX_INSTANCES && n > -MAX_INSTANCES) {
    if (n > 0) return { count: n, perCpu: false };
    return { count: Math.max(1, cpus + n), perCpu: true };
  }
  throw new UserError(
    `${where}: ${formatValue(value)} is not valid; use a number of workers (1..${MAX_INSTANCES}), ` +
      `"max" (one per CPU, ${cpus} here), 0 (= max) or -1 (= max - 1)`,
  );
}

/** `cluster` | `fork` (also `cluster_mode` | `fork_mode`). */
export function parseExecMode(value: unknown, where: string): ExecMode {
  const mode = typeof value === 'string' ? value.trim().replace(/_mode$/, '') : undefined;
  if (mode === 'cluster' || mode === 'fork') return mode;
  throw new UserError(`${where}: ${formatValue(value)} is not valid; use "cluster" or "fork"`);
}

/**
 * PM2's default (docs/configuration.md): a Node app with `instances` set at all (even 1) runs in cluster mode;
 * without it, or on another interpreter, in fork mode.
 */
export function defaultExecMode(instancesGiven: boolean, runsOnNode: boolean): ExecMode {
  return runsOnNode && instancesGiven ? 'cluster' : 'fork';
}
