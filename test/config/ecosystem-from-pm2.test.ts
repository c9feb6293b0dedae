// The PM2 process list → ecosystem file conversion of `clmon import pm2` (docs/configuration.md), on pm2_env
// objects shaped as PM2 7 writes them: what is carried, what becomes a comment, and that the
// written text loads back into the same apps.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ecosystemFromPm2 } from '../../src/config/ecosystem-from-pm2.js';
import type { Pm2Env } from '../../src/sources/pm2/pm2-types.js';
import { load, project } from './helpers.js';

const PM2_HOME = '/home/op/.pm2';

/** A pm2_env as PM2 records one process: its settings, its env, and that env flattened on top. */
function proc(dir: string, name: string, pmId: number, slot: number, extra: Record<string, unknown> = {}, env: Record<string, string> = {}): Pm2Env {
  const fullEnv = { PATH: '/usr/bin', HOME: '/home/op', PM2_HOME, PM2_USAGE: 'CLI', unique_id: 'u-1', [name]: {}, ...env };
  return {
    ...fullEnv,
    name,
    pm_id: pmId,
    NODE_APP_INSTANCE: slot,
    status: 'online',
    namespace: 'default',
    filter_env: [],
    vizion: true,
    autostart: true,
    autorestart: true,
    pmx: true,
    automation: true,
    treekill: true,
    windowsHide: true,
    kill_retry_time: 100,
    instance_var: 'NODE_APP_INSTANCE',
    exec_interpreter: '/usr/local/bin/node',
    exec_mode: 'cluster_mode',
    pm_exec_path: join(dir, 'app.js'),
    pm_cwd: dir,
    args: [],
    node_args: [],
    pm_out_log_path: `${PM2_HOME}/logs/${name}-out-${pmId}.log`,
    pm_err_log_path: `${PM2_HOME}/logs/${name}-error-${pmId}.log`,
    pm_pid_path: `${PM2_HOME}/pids/${name}-${pmId}.pid`,
    restart_time: 3,
    pm_uptime: 1,
    created_at: 1,
    unstable_restarts: 0,
    axm_monitor: { 'Heap Size': { value: 9 } },
    node_version: '20.20.2',
    version: 'N/A',
    username: 'op',
    env: fullEnv,
    ...extra,
  } as Pm2Env;
}

const current = { PATH: '/usr/bin', HOME: '/home/op' };

describe('ecosystemFromPm2', () => {
  test('carries what clmon understands; PM2 defaults and run-time state leave no trace', async () => {
    const dir = project({ 'app.js': '' });
    const { text, apps } = ecosystemFromPm2(
      [
        proc(dir, 'web', 0, 0, { args: ['--port', '80'], max_memory_restart: 524288000, kill_timeout: 5000, increment_var: 'PORT' }, { PORT: '3000' }),
        proc(dir, 'web', 1, 1, { args: ['--port', '80'], max_memory_restart: 524288000, kill_timeout: 5000, increment_var: 'PORT' }, { PORT: '3001' }),
        proc(dir, 'jobs', 2, 0, { exec_mode: 'fork_mode', merge_logs: true, pm_out_log_path: '/var/log/jobs.log', cron_restart: '0 3 * * *' }),
      ],
      { origin: 'the test', pm2Home: PM2_HOME, currentEnv: current },
    );
    expect(apps).toEqual([
      { name: 'web', instances: 2, mode: 'cluster' },
      { name: 'jobs', instances: 1, mode: 'fork' },
    ]);
    expect(text).not.toMatch(/not carried over|axm|unique_id|PM2_HOME"|restart_time|\/logs\/web/);
    const file = join(dir, 'imported.config.js');
    writeFileSync(file, text);
    const loaded = (await load(file, dir, { baseEnv: current })).apps;
    expect(loaded.map((a) => [a.name, a.execMode, a.instances, a.args, a.maxMemoryRestart, a.killTimeout, a.incrementVar, a.env.PORT])).toEqual([
      // slot 0's value, which increment_var counts up from again
      ['web', 'cluster', 2, ['--port', '80'], 500 * 1024 * 1024, 5000, 'PORT', '3000'],
      ['jobs', 'fork', 1, [], 0, 1600, undefined, undefined],
    ]);
    expect(loaded[1]).toMatchObject({ outFile: '/var/log/jobs.log', cronRestart: '0 3 * * *', mergeLogs: true });
  });

  test('a comment for each PM2 setting clmon cannot carry, naming it, its value and why', () => {
    const dir = '/srv/api';
    const { text } = ecosystemFromPm2(
      [proc(dir, 'api', 0, 0, { exec_mode: 'fork_mode', namespace: 'billing', uid: 1001, log_type: 'json', status: 'stopped', some_future_flag: 7 })],
      { origin: 'the test', pm2Home: PM2_HOME, currentEnv: current },
    );
    expect(text).toContain('// not carried over: PM2 "namespace": "billing" (clmon has no namespaces: every app of a home is listed together)');
    expect(text).toContain('// not carried over: PM2 "uid": 1001 (clmon runs apps as the user that runs its daemon)');
    expect(text).toContain('// not carried over: PM2 "log_type": "json" (clmon writes plain log lines (`clmon logs --json` gives JSON))');
    expect(text).toContain('// not carried over: PM2 "some_future_flag": 7 (clmon has no such setting)');
    expect(text).toContain('// this app was stopped under PM2; clmon start runs it');
  });

  test('a PM2 module is left out with a note; a non-node interpreter and per-process log names are kept as the user gave them', () => {
    const dir = '/srv/x';
    const { text, apps } = ecosystemFromPm2(
      [
        proc(dir, 'pm2-logrotate', 0, 0, { pmx_module: true }),
        proc(dir, 'tool', 1, 0, {
          exec_mode: 'fork_mode',
          exec_interpreter: 'python3',
          pm_exec_path: '/srv/x/tool.py',
          pm_out_log_path: '/var/log/tool-out-1.log',
        }),
      ],
      { origin: 'the test', pm2Home: PM2_HOME, currentEnv: current },
    );
    expect(apps.map((a) => a.name)).toEqual(['tool']);
    expect(text).toContain('// Left out: "pm2-logrotate", a PM2 module');
    expect(text).toContain('interpreter: "python3",');
    expect(text).toContain('out_file: "/var/log/tool-out.log",');
  });

  test('values cannot break out of the file: newlines in a value stay inside strings and comments', () => {
    const { text } = ecosystemFromPm2(
      [proc('/srv', 'x', 0, 0, { exec_mode: 'fork_mode', namespace: 'a\nprocess.exit(1)' }, { NOTE: 'line1\n}); process.exit(1); ({' })],
      { origin: 'the test', pm2Home: PM2_HOME, currentEnv: current },
    );
    expect(
      text
        .split('\n')
        .filter((l) => l.includes('process.exit'))
        .every((l) => /^\s*(\/\/|")/.test(l.trim()) || l.includes('"NOTE"')),
    ).toBe(true);
    // it is still a file that evaluates to one app
    const exported = new Function('module', `${text}; return module.exports;`)({}) as { apps: { env: Record<string, string> }[] };
    expect(exported.apps[0]!.env.NOTE).toBe('line1\n}); process.exit(1); ({');
  });
});
