// `clmon startup` / `unstartup` (docs/cli.md#save---force--resurrect---update-env): the unit as printed, checked by the real
// `systemd-analyze verify`, and its own ExecStart line run with a temp home and stopped with
// SIGTERM as systemd does with KillMode=mixed; --install into a user unit dir; no permission.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { splitExecStart, versionManagerOf } from '../../src/startup/systemd-unit.js';
import { BIN, fixture, Harness, isAlive, waitFor } from '../daemon/daemon-harness.js';

const h = new Harness();
const scratch = mkdtempSync(join(tmpdir(), 'clmon-startup-'));
afterAll(async () => {
  await h.cleanup();
  rmSync(scratch, { recursive: true, force: true });
});

const field = (unit: string, key: string): string[] =>
  unit
    .split('\n')
    .filter((l) => l.startsWith(`${key}=`))
    .map((l) => l.slice(key.length + 1));

let unit = '';

describe('clmon startup', () => {
  it("prints a Type=simple unit running this node and clmon with daemon --resurrect, the caller's PATH and User=", async () => {
    expect((await h.clmon(['start', fixture('sup-idle.cjs'), '--name', 'slow-stop', '--kill-timeout', '20000'])).code).toBe(0);
    const result = await h.clmon(['startup'], { env: { PATH: `/opt/custom/bin:${process.env.PATH}` } });
    expect(result.code).toBe(0);
    unit = result.stdout;
    expect(field(unit, 'Type')).toEqual(['simple']);
    expect(field(unit, 'ExecStart')).toEqual([
      `${realpathSync(process.execPath)} --optimize-for-size ${realpathSync(BIN)} daemon --home ${h.home} --resurrect`,
    ]);
    expect(field(unit, 'KillMode')).toEqual(['mixed']);
    expect(field(unit, 'Restart')).toEqual(['on-failure']);
    expect(field(unit, 'User')).toEqual([userInfo().username]);
    expect(field(unit, 'Environment')).toEqual([`PATH=/opt/custom/bin:${process.env.PATH}`]);
    expect(Number(field(unit, 'TimeoutStopSec')[0])).toBeGreaterThan(20); // above the largest kill_timeout, 20 s
    expect(unit).not.toMatch(/PIDFile|forking/);
    expect(field(unit, 'WantedBy')).toEqual(['multi-user.target']);
  });

  it('passes systemd-analyze verify (and verify does reject a unit whose ExecStart is missing)', () => {
    const dir = join(scratch, 'verify');
    mkdirSync(dir);
    writeFileSync(join(dir, 'clmon-test.service'), unit);
    const ok = spawnSync('systemd-analyze', ['verify', join(dir, 'clmon-test.service')], { encoding: 'utf8' });
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    writeFileSync(join(dir, 'broken.service'), unit.replace(/^ExecStart=\S+/m, 'ExecStart=/nonexistent/node'));
    const bad = spawnSync('systemd-analyze', ['verify', join(dir, 'broken.service')], { encoding: 'utf8' });
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/not executable/);
  });

  it('its ExecStart line runs the daemon, resurrects the dump, and SIGTERM to it alone stops everything, exit 0', async () => {
    expect((await h.clmon(['save'])).code).toBe(0);
    expect((await h.clmon(['kill'])).code).toBe(0);
    const [command, ...args] = splitExecStart(field(unit, 'ExecStart')[0]!);
    const child = spawn(command!, args, { env: { PATH: field(unit, 'Environment')[0]!.slice('PATH='.length) }, stdio: ['ignore', 'ignore', 'pipe'] });
    h.track(child.pid);
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await waitFor(() => stderr.includes('resurrected 1 app(s)'), 15_000, 'the resurrect');
    let pid = 0;
    await waitFor(
      async () => {
        const w = (await h.ls()).apps[0]?.workers[0];
        pid = w?.pid ?? 0;
        return w?.status === 'online';
      },
      10_000,
      'the worker online',
    );
    child.kill('SIGTERM'); // KillMode=mixed: SIGTERM to the main process only
    expect(await exited).toBe(0);
    expect(isAlive(pid)).toBe(false);
    expect(stderr).toMatch(/SIGTERM: stopping every app gracefully/);
  }, 60_000);

  it('--user --install writes ~/.config/systemd/user/clmon.service; without systemctl it prints the commands; unstartup removes it', async () => {
    const home = join(scratch, 'user-home');
    mkdirSync(home);
    const env = { HOME: home, PATH: join(scratch, 'no-systemctl') };
    const installed = await h.clmon(['startup', '--user', '--install'], { env });
    expect(installed.stderr).toBe('');
    expect(installed.code).toBe(0);
    const path = join(home, '.config/systemd/user/clmon.service');
    expect(installed.stdout).toContain(`wrote ${path}`);
    expect(installed.stdout).toMatch(/no systemctl here; run:\n {2}systemctl --user daemon-reload\n {2}systemctl --user enable clmon\.service/);
    const written = readFileSync(path, 'utf8');
    expect(field(written, 'User')).toEqual([]); // a user unit runs as its owner
    expect(field(written, 'WantedBy')).toEqual(['default.target']);
    const removed = await h.clmon(['unstartup', '--user'], { env });
    expect(removed.code).toBe(0);
    expect(removed.stdout).toContain(`removed ${path}`);
    expect(existsSync(path)).toBe(false);
  });

  it('--install without permission: exit 1 naming the path and suggesting --user', () => {
    const result = spawnSync(
      'setpriv',
      ['--reuid', '65534', '--regid', '65534', '--clear-groups', process.execPath, BIN, '--home', join(scratch, 'nobody'), 'startup', '--install'],
      {
        encoding: 'utf8',
        env: { PATH: '/usr/bin:/bin' },
      },
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/cannot write \/etc\/systemd\/system\/clmon-nobody\.service \(EACCES.*use --user/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('an unknown platform is exit 2', async () => {
    const result = await h.clmon(['startup', 'upstart']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/startup platform "upstart" is not supported; use systemd/);
  });
});

describe('versionManagerOf', () => {
  it('spots node under nvm, fnm and volta (their paths break on upgrade), not a system node', () => {
    expect(versionManagerOf('/home/me/.nvm/versions/node/v20.11.0/bin/node')).toBe('nvm');
    expect(versionManagerOf('/home/me/.local/share/fnm/node-versions/v20/installation/bin/node')).toBe('fnm');
    expect(versionManagerOf('/run/user/1000/fnm_multishells/123_456/bin/node')).toBe('fnm');
    expect(versionManagerOf('/home/me/.volta/tools/image/node/20.11.0/bin/node')).toBe('volta');
    expect(versionManagerOf('/usr/bin/node')).toBeUndefined();
  });

  it('splitExecStart reads quoted words back', () => {
    expect(splitExecStart('/usr/bin/node "/opt/my apps/clmon.js" daemon --home "/srv/100%%" --resurrect')).toEqual([
      '/usr/bin/node',
      '/opt/my apps/clmon.js',
      'daemon',
      '--home',
      '/srv/100%',
      '--resurrect',
    ]);
  });
});
