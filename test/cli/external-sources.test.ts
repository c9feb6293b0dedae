// The non-TUI commands on groups clmon did not start (docs/cli.md#where-a-command-looks): `ls --pid <n> --json` on a
// hand-made process tree, `--pm2` with no PM2 daemon (never starts one), option mistakes.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixture, Harness, waitFor } from '../daemon/daemon-harness.js';

const h = new Harness();
afterAll(() => h.cleanup());

describe('ls on other groups', () => {
  it('ls --pid <n> --json lists the children of n as workers, in the docs/json.md shape', async () => {
    const tree = spawn(process.execPath, [fixture('daemon-tree.cjs')], { stdio: ['ignore', 'pipe', 'inherit'] });
    h.track(tree.pid);
    let out = '';
    tree.stdout!.on('data', (d: Buffer) => (out += d));
    await waitFor(() => (out.match(/child \d+ up/g) ?? []).length === 2, 20_000, 'the tree');
    const children = [...out.matchAll(/child (\d+) up/g)].map((m) => Number(m[1])).sort((a, b) => a - b);
    children.forEach((pid) => h.track(pid));
    const result = await h.clmon(['ls', '--pid', String(tree.pid), '--json']);
    expect(result.code).toBe(0);
    const { apps } = JSON.parse(result.stdout) as Awaited<ReturnType<Harness['ls']>>;
    expect(apps).toHaveLength(1);
    expect(apps[0]!.source).toBe('pid');
    expect(apps[0]!.workers.map((w) => w.pid).sort((a, b) => a! - b!)).toEqual(children);
    for (const w of apps[0]!.workers) {
      expect(Object.keys(w).sort()).toEqual(['cpu', 'id', 'lastExit', 'memory', 'pid', 'restarts', 'runtime', 'status', 'uptimeMs']);
      expect(w.runtime).toBeNull(); // docs/supervision.md#runtime-metrics: no helper in a PID tree
    }
    tree.kill('SIGTERM');
  });

  it('--pm2 without a PM2 daemon is exit 1 and starts none', async () => {
    const pm2Home = mkdtempSync(join(tmpdir(), 'clmon-nopm2-'));
    try {
      const result = await h.clmon(['ls', '--pm2', '--json'], { env: { PM2_HOME: pm2Home } });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/no PM2 daemon is running/);
      expect(existsSync(join(pm2Home, 'rpc.sock'))).toBe(false);
      expect(existsSync(join(pm2Home, 'pm2.pid'))).toBe(false);
    } finally {
      rmSync(pm2Home, { recursive: true, force: true });
    }
  });

  it('rejects conflicting or malformed target options with exit 2', async () => {
    const both = await h.clmon(['ls', '--pm2', '--pid', '1']);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--pm2 and --pid cannot be combined/);
    const bad = await h.clmon(['ls', '--pid', 'abc']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--pid "abc" is not a process id/);
    const log = await h.clmon(['logs', '--log', 'x.log']);
    expect(log.code).toBe(2);
    expect(log.stderr).toMatch(/--log goes with --pid/);
  });
});
