// What the header's host line needs beyond node:os (docs/supervision.md#runtime-metrics / issue #17): memory *available*
// (not "free": the page cache is reclaimable), free space on the filesystem that holds the logs
// (a full disk is what stops logging), and the container's cgroup CPU and memory limits.
// systeminformation answers the first two; it has no call for the cgroup limits of the process
// itself, so those are read from /sys/fs/cgroup (v2, else v1). Measured on the dev box: the import
// ~180 ms once (so it is loaded lazily, by the TUI only, after the first frame), then ~7 ms wall and
// ~3 ms CPU a sample (it runs `df`); sampled every 10 s, that is ~0.03 % of a core.
import { readFileSync } from 'node:fs';
import { resolve, sep } from 'node:path';

export interface HostExtras {
  /** Bytes the kernel can give without swapping (MemAvailable). */
  memAvailable: number | null;
  /** Free bytes on the filesystem of `logsDir`, and its mount point. */
  diskFree: number | null;
  diskMount: string | null;
  /** The cgroup's CPU limit in cores, and memory limit in bytes; null when unlimited. */
  cgroupCpus: number | null;
  cgroupMemory: number | null;
}

type Si = typeof import('systeminformation');
let loading: Promise<Si | null> | undefined;

/** Sample everything once; never throws (an unknown figure is null). */
export async function sampleHostExtras(logsDir: string | undefined): Promise<HostExtras> {
  const si = await (loading ??= import('systeminformation').then(
    (m) => (m.default ?? m) as Si,
    () => null,
  ));
  const [mem, disks] = await Promise.all([si?.mem().catch(() => null), logsDir ? si?.fsSize().catch(() => null) : null]);
  const disk = logsDir && disks ? mountOf(resolve(logsDir), disks) : undefined;
  const limits = cgroupLimits();
  return {
    memAvailable: mem && Number.isFinite(mem.available) ? mem.available : null,
    diskFree: disk && Number.isFinite(disk.available) ? disk.available : null,
    diskMount: disk?.mount ?? null,
    cgroupCpus: limits.cpus,
    cgroupMemory: limits.memory,
  };
}

/** The filesystem whose mount point is the longest prefix of `path`. */
export function mountOf<T extends { mount: string }>(path: string, disks: readonly T[]): T | undefined {
  let best: T | undefined;
  for (const disk of disks) {
    const mount = disk.mount.endsWith(sep) ? disk.mount : `${disk.mount}${sep}`;
    const inside = path === disk.mount || `${path}${sep}`.startsWith(mount);
    if (inside && (!best || disk.mount.length > best.mount.length)) best = disk;
  }
  return best;
}

/** The cgroup limits (v2 files first, then v1); none set: nulls. */
export function cgroupLimits(root = '/sys/fs/cgroup'): { cpus: number | null; memory: number | null } {
  const read = (file: string): string | null => {
    try {
      return readFileSync(`${root}/${file}`, 'utf8').trim();
    } catch {
      return null;
    }
  };
  const memV2 = read('memory.max');
  const cpuV2 = read('cpu.max');
  if (memV2 !== null || cpuV2 !== null) {
    const [quota, period] = (cpuV2 ?? 'max').split(/\s+/);
    return {
      memory: memV2 && memV2 !== 'max' ? positive(Number(memV2)) : null,
      cpus: quota && quota !== 'max' ? positive(Number(quota) / Number(period ?? 100000)) : null,
    };
  }
  const memV1 = Number(read('memory/memory.limit_in_bytes'));
  const quotaV1 = Number(read('cpu/cpu.cfs_quota_us'));
  const periodV1 = Number(read('cpu/cpu.cfs_period_us'));
  return {
    // v1 writes "no limit" as a huge number (PAGE_COUNTER_MAX pages)
    memory: memV1 > 0 && memV1 < 2 ** 60 ? memV1 : null,
    cpus: quotaV1 > 0 && periodV1 > 0 ? positive(quotaV1 / periodV1) : null,
  };
}

function positive(n: number): number | null {
  return Number.isFinite(n) && n > 0 ? n : null;
}
