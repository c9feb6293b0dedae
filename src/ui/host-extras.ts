// What the header's host line needs beyond node:os (docs/supervision.md#runtime-metrics / issue #17): memory *available*
// (not "free": the page cache is reclaimable), free space on the filesystem that holds the logs
// (a full disk is what stops logging), and the container's cgroup CPU and memory limits.
// systeminformation answers memory available and, once, which filesystem holds the logs (it runs
// `df`, synchronously); the free space is statfs(2)'s at each sample. It has no call for the cgroup
// limits of the process itself, so those are read from /sys/fs/cgroup (v2, else v1). Measured on
// the dev box: the import ~180 ms once (so it is loaded lazily, by the TUI only, after the first
// frame); a sample that ran `df` took 20-50 ms of CPU in a loaded monitor (issue #13), so only the
// first one does.
import { readFileSync } from 'node:fs';
import { statfs } from 'node:fs/promises';
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
  const [mem, disk] = await Promise.all([si?.mem().catch(() => null), logsDir ? logsDisk(si, resolve(logsDir)) : null]);
  const limits = cgroupLimits();
  return {
    memAvailable: mem && Number.isFinite(mem.available) ? mem.available : null,
    diskFree: disk?.free ?? null,
    diskMount: disk?.mount ?? null,
    cgroupCpus: limits.cpus,
    cgroupMemory: limits.memory,
  };
}

const mounts = new Map<string, Promise<string | null>>();

/**
 * The free space of the filesystem holding `dir`, from statfs(2) at each sample, and its mount
 * point, from systeminformation once: its fsSize runs `df` with execSync, which held the
 * monitor's event loop ~20-50 ms every sample (a tenth of its CPU when idle, measured).
 */
async function logsDisk(si: Si | null, dir: string): Promise<{ free: number | null; mount: string | null }> {
  let mount = mounts.get(dir);
  if (!mount) {
    mount = si
      ? si.fsSize().then(
          (disks) => mountOf(dir, disks)?.mount ?? null,
          () => null,
        )
      : Promise.resolve(null);
    mounts.set(dir, mount);
  }
  const [fs, at] = await Promise.all([statfs(dir).catch(() => null), mount]);
  const free = fs ? fs.bavail * fs.bsize : null;
  return { free: free !== null && Number.isFinite(free) ? free : null, mount: at };
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
