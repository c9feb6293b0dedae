// Reading a real process: its name from /proc, its direct children, its usage.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { childPids, processExists, processName, sampleUsage } from '../../../src/sources/pid/process-tree.js';
import { killAll } from '../../helpers/processes.js';
import { waitFor } from '../../helpers/wait-for.js';

describe('process tree', () => {
  it('names a node process after its script, and finds only direct children', async () => {
    // node -r <module> script.js: the -r value must not be taken for the script.
    const child = spawn(process.execPath, ['-r', 'node:os', '-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    try {
      await waitFor(async () => (await childPids(process.pid)).includes(child.pid!));
      expect(await processName(child.pid!)).toBe('node');
      expect(await processName(process.pid)).not.toBe(`pid-${process.pid}`);
      const usage = await sampleUsage([child.pid!, 2_147_483_647]);
      expect(usage.get(child.pid!)!.memory).toBeGreaterThan(0);
      expect(usage.has(2_147_483_647)).toBe(false);
      expect(processExists(child.pid!)).toBe(true);
    } finally {
      killAll([child.pid]);
    }
    await waitFor(() => !processExists(child.pid!));
    expect(await childPids(2_147_483_647)).toEqual([]);
  });

  it('names `node <options> script.js` after the script', async () => {
    const child = spawn(process.execPath, ['--max-old-space-size=100', '-r', 'node:os', 'test/fixtures/sources-cluster-primary.js'], {
      stdio: 'ignore',
      env: { ...process.env, WORKERS: '0' },
    });
    try {
      await waitFor(() => processExists(child.pid!));
      expect(await processName(child.pid!)).toBe('sources-cluster-primary');
    } finally {
      killAll([child.pid]);
    }
  });
});
