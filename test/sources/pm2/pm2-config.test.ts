import { describe, expect, it } from 'vitest';
import { pm2ConfigView } from '../../../src/sources/pm2/pm2-config.js';
import { assignSlots, toApps } from '../../../src/sources/pm2/pm2-processes.js';
import type { Pm2Env } from '../../../src/sources/pm2/pm2-types.js';

/** The shape `pm2 jlist` showed for `pm2 start app.js -i 2 --node-args=… --max-restarts 7 -- --foo bar` (PM2 7). */
const ENV: Pm2Env = {
  name: 'web',
  namespace: 'default',
  args: ['--foo', 'bar'],
  node_args: ['--max-old-space-size=256'],
  env: { PATH: '/usr/bin', PORT: '3000', NODE_APP_INSTANCE: 0, weird: { nested: true } },
  instances: 2,
  autorestart: true,
  watch: false,
  max_restarts: 7,
  min_uptime: 1000,
  kill_timeout: 1600,
  max_memory_restart: 157286400,
  instance_var: 'NODE_APP_INSTANCE',
  treekill: true,
  pm_exec_path: '/srv/app.js',
  pm_cwd: '/srv',
  exec_interpreter: 'node',
  exec_mode: 'cluster_mode',
  axm_options: { error: true },
  status: 'online',
  pm_id: 0,
  NODE_APP_INSTANCE: 0,
};

describe('pm2ConfigView', () => {
  it('reads script, args, cwd, interpreter, node args, settings and env from pm2_env', () => {
    expect(pm2ConfigView(ENV)).toEqual({
      script: '/srv/app.js',
      args: ['--foo', 'bar'],
      cwd: '/srv',
      interpreter: 'node',
      nodeArgs: ['--max-old-space-size=256'],
      settings: {
        exec_mode: 'cluster',
        instances: 2,
        autorestart: true,
        max_restarts: 7,
        min_uptime: 1000,
        kill_timeout: 1600,
        max_memory_restart: 157286400,
        watch: false,
        instance_var: 'NODE_APP_INSTANCE',
        namespace: 'default',
      },
      env: { PATH: '/usr/bin', PORT: '3000', NODE_APP_INSTANCE: '0' },
    });
  });

  it('copes with string args, a fork app and missing fields', () => {
    const view = pm2ConfigView({ exec_mode: 'fork_mode', args: 'a  b', node_args: '', watch: ['src', 'lib'] });
    expect(view).toEqual({
      script: '',
      args: ['a', 'b'],
      cwd: '',
      interpreter: 'node',
      nodeArgs: [],
      settings: { exec_mode: 'fork', watch: 'src,lib' },
      env: {},
    });
  });

  it('is filled for each app of a snapshot, from its lowest slot', () => {
    const proc = (pm_id: number, slot: number, cwd: string) => ({
      pid: 100 + pm_id,
      name: 'web',
      pm_id,
      pm2_env: { ...ENV, pm_id, NODE_APP_INSTANCE: slot, pm_cwd: cwd },
    });
    const [web] = toApps(assignSlots([proc(4, 1, '/b'), proc(3, 0, '/a')]), 0, { exits: () => [], reason: () => undefined });
    expect(web!.config?.cwd).toBe('/a');
  });
});
