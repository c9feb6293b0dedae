// The host line's extras: memory available and the logs disk's free space from the real
// systeminformation, cgroup limits from v2 and v1 files, and how the header shows them.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lineText } from '../../src/ui/line.js';
import { headerLine } from '../../src/ui/chrome-model.js';
import { cgroupLimits, mountOf, sampleHostExtras } from '../../src/ui/host-extras.js';

describe('host extras', () => {
  it('samples memory available and the free space of the filesystem holding a directory', async () => {
    const x = await sampleHostExtras(tmpdir());
    expect(x.memAvailable).toBeGreaterThan(0);
    expect(x.diskFree).toBeGreaterThan(0);
    expect(tmpdir().startsWith(x.diskMount!)).toBe(true);
  }, 20_000);

  it('picks the longest mount point that holds the path', () => {
    const disks = [{ mount: '/' }, { mount: '/var' }, { mount: '/var/lib/docker' }, { mount: '/variant' }];
    expect(mountOf('/var/log/clmon', disks)?.mount).toBe('/var');
    expect(mountOf('/variant/x', disks)?.mount).toBe('/variant');
    expect(mountOf('/home/me', disks)?.mount).toBe('/');
  });

  it('reads cgroup v2 and v1 limits; unlimited is null', () => {
    const root = mkdtempSync(join(tmpdir(), 'clmon-cgroup-'));
    try {
      writeFileSync(join(root, 'memory.max'), '536870912\n');
      writeFileSync(join(root, 'cpu.max'), '150000 100000\n');
      expect(cgroupLimits(root)).toEqual({ memory: 536870912, cpus: 1.5 });
      writeFileSync(join(root, 'memory.max'), 'max\n');
      writeFileSync(join(root, 'cpu.max'), 'max 100000\n');
      expect(cgroupLimits(root)).toEqual({ memory: null, cpus: null });
      rmSync(join(root, 'memory.max'));
      rmSync(join(root, 'cpu.max'));
      mkdirSync(join(root, 'memory'));
      mkdirSync(join(root, 'cpu'));
      writeFileSync(join(root, 'memory', 'memory.limit_in_bytes'), '9223372036854771712\n');
      writeFileSync(join(root, 'cpu', 'cpu.cfs_quota_us'), '200000\n');
      writeFileSync(join(root, 'cpu', 'cpu.cfs_period_us'), '100000\n');
      expect(cgroupLimits(root)).toEqual({ memory: null, cpus: 2 });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('the header shows them when the width allows, and drops them first', () => {
    const host = {
      hostname: 'box',
      cpuPercent: 5,
      load1: 0.5,
      cores: 2,
      memUsed: 2 * 1024 ** 3,
      memTotal: 8 * 1024 ** 3,
      extras: { memAvailable: 5.5 * 1024 ** 3, diskFree: 80 * 1024 ** 3, diskMount: '/', cgroupCpus: 1.5, cgroupMemory: 512 * 1024 ** 2 },
    };
    const wide = lineText(headerLine('daemon ~/.clmon', host, { apps: [] }, 200));
    expect(wide).toContain('MEM 2.0G/8.0G 5.5G avail · logs disk 80.0G free · cgroup 1.5 CPU 512M');
    const narrow = lineText(headerLine('daemon ~/.clmon', host, { apps: [] }, 80));
    expect(narrow.length).toBeLessThanOrEqual(80);
    expect(narrow).not.toContain('avail');
  });
});
