import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, test } from 'vitest';
import { addAppOptions, appOverridesFromOptions } from '../../src/cli/app-options.js';
import type { AppOverrides } from '../../src/config/app-overrides.js';
import { ecosystem, fixtures, load, loadError, project } from './helpers.js';

/** Parse `argv` the way `clmon run` declares it: <target> [args...] plus the app options. */
function parse(argv: string[]): { target: string; overrides: AppOverrides; envName?: string } {
  let result: { target: string; overrides: AppOverrides; envName?: string } | undefined;
  const program = new Command('clmon').exitOverride();
  const run = program.command('run').argument('<target>').argument('[args...]').exitOverride();
  addAppOptions(run).action((target: string, args: string[], opts: Record<string, unknown>) => {
    const overrides = appOverridesFromOptions(opts);
    if (args.length > 0) overrides.args = args;
    result = { target, overrides, envName: opts.env as string | undefined };
  });
  program.parse(['run', ...argv], { from: 'user' });
  if (!result) throw new Error('action did not run');
  return result;
}

describe('commander parsing', () => {
  test('-i -1 takes the negative count as the value', () => {
    expect(parse(['app.js', '-i', '-1']).overrides).toEqual({ instances: '-1' });
    expect(parse(['-i', '-1', 'app.js']).overrides).toEqual({ instances: '-1' });
    expect(parse(['app.js', '--instances=-1']).overrides).toEqual({ instances: '-1' });
  });

  test('--instances max', () => {
    expect(parse(['app.js', '--instances', 'max'])).toEqual({ target: 'app.js', overrides: { instances: 'max' }, envName: undefined });
  });

  test('nothing given, nothing overridden (the --no-* defaults do not override the file)', () => {
    expect(parse(['app.js']).overrides).toEqual({});
  });

  test('every option maps to its ecosystem field, raw', () => {
    const { overrides, envName } = parse([
      'app.js',
      '--name',
      'web',
      '--env',
      'production',
      '--exec-mode',
      'fork',
      '--max-memory-restart',
      '500M',
      '--kill-timeout',
      '3000',
      '--wait-ready',
      '--listen-timeout',
      '5s',
      '--max-restarts',
      '3',
      '--min-uptime',
      '10s',
      '--restart-delay',
      '100',
      '--exp-backoff-restart-delay',
      '200',
      '--no-autorestart',
      '--cron-restart',
      '0 3 * * *',
      '--node-args',
      '--inspect=0 --trace-warnings',
      '--interpreter',
      'node',
      '--cwd',
      'srv',
      '--log-date-format',
      'HH:mm',
      '--no-drain',
      '--drain-timeout',
      '2s',
      '--watch',
      'src',
      'lib',
      '--',
      'a',
      '--b',
    ]);
    expect(envName).toBe('production');
    expect(overrides).toEqual({
      name: 'web',
      exec_mode: 'fork',
      max_memory_restart: '500M',
      kill_timeout: '3000',
      wait_ready: true,
      listen_timeout: '5s',
      max_restarts: '3',
      min_uptime: '10s',
      restart_delay: '100',
      exp_backoff_restart_delay: '200',
      autorestart: false,
      cron_restart: '0 3 * * *',
      node_args: '--inspect=0 --trace-warnings',
      interpreter: 'node',
      cwd: 'srv',
      log_date_format: 'HH:mm',
      drain: false,
      drain_timeout: '2s',
      watch: ['src', 'lib'],
      args: ['a', '--b'],
    });
  });

  test('--watch alone watches the app directory', () => {
    expect(parse(['app.js', '--watch']).overrides).toEqual({ watch: true });
  });
});

describe('overrides applied by loadApps', () => {
  test('-i -1 and --instances max resolve against the CPU count', async () => {
    const dir = project({ 'app.js': '' });
    const minusOne = parse(['app.js', '-i', '-1']);
    expect((await load(minusOne.target, dir, { overrides: minusOne.overrides, cpus: 4 })).apps[0]).toMatchObject({ instances: 3, execMode: 'cluster' });
    const max = parse(['app.js', '--instances', 'max']);
    expect((await load(max.target, dir, { overrides: max.overrides, cpus: 4 })).apps[0]).toMatchObject({ instances: 4, execMode: 'cluster' });
  });

  test('command-line values beat the file for every app', async () => {
    const { target, overrides } = parse(['config-cjs.config.cjs', '--kill-timeout', '5s', '--no-autorestart', '-i', '1', '--', 'x']);
    const { apps } = await load(target, fixtures, { overrides });
    expect(apps.map((a) => [a.name, a.killTimeout, a.autorestart, a.instances, a.execMode, a.args])).toEqual([
      // -i given at all means cluster, as `pm2 start app.js -i 1` does
      ['web', 5000, false, 1, 'cluster', ['x']],
      ['jobs', 5000, false, 1, 'cluster', ['x']],
    ]);
    // and the file's own values stand where nothing overrides them
    expect(apps[1].minUptime).toBe(10_000);
  });

  test('an override beats the PM2 alias of its field too', async () => {
    const dir = ecosystem([{ script: 'app.js', interpreter_args: '--trace-warnings', exec_interpreter: '/bin/sh' }]);
    const { apps } = await load('ecosystem.json', dir, { overrides: { node_args: '--inspect', interpreter: 'node' } });
    expect(apps[0]).toMatchObject({ nodeArgs: ['--inspect'], interpreter: undefined });
  });

  test('--name renames a single app, and is an error with several', async () => {
    const one = ecosystem([{ name: 'web', script: 'app.js' }]);
    expect((await load('ecosystem.json', one, { overrides: { name: 'api' } })).apps[0].name).toBe('api');
    expect(await loadError('config-cjs.config.cjs', fixtures, { overrides: { name: 'x' } })).toBe(
      'option --name: config-cjs.config.cjs has 2 apps; --name can only name a single app (name them in the file)',
    );
  });

  test('a bad option value is reported once, naming the option, even for several apps', async () => {
    const { overrides } = parse(['x', '--kill-timeout', 'soon', '-i', 'lots']);
    expect(await loadError('config-cjs.config.cjs', fixtures, { overrides })).toBe(
      [
        'option --instances: "lots" is not valid; use a number of workers (1..1024), "max" (one per CPU, 4 here), 0 (= max) or -1 (= max - 1)',
        'option --kill-timeout: "soon" is not a duration; use ms (1500) or "10s", "5m"',
      ].join('\n'),
    );
  });

  test('--cwd and --watch paths are relative to where clmon was started; the script too', async () => {
    const dir = project({ 'srv/app.js': '', 'srv/lib/.keep': '' });
    const { target, overrides } = parse(['srv/app.js', '--cwd', 'srv', '--watch', 'srv/lib']);
    const { apps } = await load(target, dir, { overrides });
    expect(apps[0]).toMatchObject({ script: join(dir, 'srv/app.js'), cwd: join(dir, 'srv'), watch: [join(dir, 'srv/lib')] });
  });

  test('an invalid --cron-restart names the option', async () => {
    const dir = project({ 'app.js': '' });
    expect(await loadError('app.js', dir, { overrides: { cron_restart: 'every day' } })).toMatch(
      /^option --cron-restart: "every day" is not a valid cron pattern \(.+\); use e\.g\. "0 3 \* \* \*"/,
    );
  });
});
