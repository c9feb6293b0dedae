// `clmon ls` / `status` run by the light entry (src/cli/light-ls.ts, no commander) must answer
// exactly as the full program does: the same JSON, the same table, the same failure. The full
// program is reached with `--home=<dir>`, a spelling the light path leaves to commander.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lightLs } from '../../src/cli/light-ls.js';
import { BIN, fixture, freePort, Harness, type RunResult } from '../daemon/daemon-harness.js';

describe('lightLs: only the command lines it serves whole', () => {
  it('takes ls / status with --json and --home in the places commander accepts them', () => {
    expect(lightLs(['ls'])).toEqual({ home: undefined, json: false });
    expect(lightLs(['status', '--json'])).toEqual({ home: undefined, json: true });
    expect(lightLs(['--home', '/h', 'ls', '--json'])).toEqual({ home: '/h', json: true });
    expect(lightLs(['ls', '--json', '--home', '/h'])).toEqual({ home: '/h', json: true });
    expect(lightLs(['--home', 'ls', 'status'])).toEqual({ home: 'ls', json: false });
  });

  it('leaves everything else to the full program (help, mistakes, other options and commands)', () => {
    for (const args of [
      [],
      ['--help'],
      ['ls', '--help'],
      ['ls', '-h'],
      ['help', 'ls'],
      ['--json', 'ls'],
      ['ls', 'extra'],
      ['ls', 'status'],
      ['ls', '--json', '--json'],
      ['ls', '--json=1'],
      ['ls', '--socket', '/s'],
      ['ls', '--pm2'],
      ['ls', '--via', 'ssh x'],
      ['--home=/h', 'ls'],
      ['--home', '/a', '--home', '/b', 'ls'],
      ['--home'],
      ['--home', '', 'ls'],
      ['--home', '--json', 'ls'],
      ['ls', '--'],
      ['logs'],
      ['run', 'app.js'],
    ]) {
      expect(lightLs(args), args.join(' ')).toBeUndefined();
    }
  });
});

function run(args: string[]): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1' }, timeout: 30_000 }, (err, stdout, stderr) => {
      const code = err ? ((err as { code?: unknown }).code as number | null) : 0;
      resolve({ code: typeof code === 'number' ? code : null, stdout, stderr });
    });
  });
}

/** What does not change between two ls calls a moment apart. */
function stable(stdout: string): unknown {
  const { apps } = JSON.parse(stdout) as { apps: { workers: Record<string, unknown>[] }[] };
  return apps.map((app) => ({
    ...app,
    workers: app.workers.map(({ uptimeMs: _u, cpu: _c, memory: _m, runtime: _r, ...rest }) => rest),
  }));
}

describe('the light ls against a real daemon', () => {
  const h = new Harness();
  beforeAll(async () => {
    const port = await freePort();
    const started = await h.clmon(['start', fixture('daemon-http.cjs'), '-i', '2', '--name', 'web'], { env: { PORT: String(port) } });
    expect(started.code).toBe(0);
    await h.ls(); // records the worker pids for cleanup
  }, 60_000);
  afterAll(() => h.cleanup());

  it('prints the same JSON as the full program', async () => {
    const light = await run(['--home', h.home, 'ls', '--json']);
    const full = await run([`--home=${h.home}`, 'ls', '--json']);
    expect(light.stderr).toBe('');
    expect(light.code).toBe(0);
    expect(full.code).toBe(0);
    expect(stable(light.stdout)).toEqual(stable(full.stdout));
    expect(stable(light.stdout)).toMatchObject([
      {
        name: 'web',
        instances: 2,
        workers: [
          { id: 0, status: 'online' },
          { id: 1, status: 'online' },
        ],
      },
    ]);
  });

  it('prints the same table as the full program (`status` too)', async () => {
    const columns = (stdout: string) => stdout.split('\n').map((line) => line.split(/\s+/).slice(0, 5).join(' '));
    const light = await run(['--home', h.home, 'status']);
    const full = await run([`--home=${h.home}`, 'ls']);
    expect(light.code).toBe(0);
    expect(columns(light.stdout)).toEqual(columns(full.stdout));
    expect(light.stdout).toMatch(/^app\s+id\s+mode\s+pid\s+status/);
  });

  it('fails as the full program does when nothing runs in the home', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'clmon-light-'));
    const light = await run(['--home', empty, 'ls', '--json']);
    const full = await run([`--home=${empty}`, 'ls', '--json']);
    rmSync(empty, { recursive: true, force: true });
    expect(light.code).toBe(1);
    expect(light).toEqual(full);
    expect(light.stderr).toMatch(/^clmon: no clmon daemon or run is running for home /);
  });
});
