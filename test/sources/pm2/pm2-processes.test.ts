// PM2's process list as clmon apps: grouping, slots from NODE_APP_INSTANCE with a fallback,
// statuses, uptime and metrics.
import { describe, expect, it } from 'vitest';
import { assignSlots, mapPm2Status, toApps } from '../../../src/sources/pm2/pm2-processes.js';
import type { Pm2Process } from '../../../src/sources/pm2/pm2-types.js';

const NOW = 1_800_000_000_000;
const none = { exits: () => [], reason: () => undefined };

function proc(pm_id: number, name: string, env: Record<string, unknown> = {}, pid = 1000 + pm_id): Pm2Process {
  return {
    pid,
    name,
    pm_id,
    monit: { cpu: 1.5, memory: 1024 * pm_id },
    pm2_env: { status: 'online', restart_time: 0, pm_uptime: NOW - 5000, exec_mode: 'cluster_mode', instance_var: 'NODE_APP_INSTANCE', ...env },
  };
}

describe('pm2 process mapping', () => {
  it('groups by app name in pm_id order, slots from NODE_APP_INSTANCE', () => {
    const workers = assignSlots([proc(3, 'api', { NODE_APP_INSTANCE: 0 }), proc(1, 'web', { NODE_APP_INSTANCE: 1 }), proc(0, 'web', { NODE_APP_INSTANCE: 0 })]);
    expect(workers.map((w) => [w.app, w.id, w.pmId])).toEqual([
      ['web', 0, 0],
      ['web', 1, 1],
      ['api', 0, 3],
    ]);
  });

  it('gives a process without a usable or with a duplicate instance number the lowest free slot', () => {
    const workers = assignSlots([
      proc(0, 'web', { NODE_APP_INSTANCE: 1 }),
      proc(1, 'web', { NODE_APP_INSTANCE: 1 }),
      proc(2, 'web', { NODE_APP_INSTANCE: undefined }),
      proc(3, 'web', { instance_var: 'SLOT', SLOT: '3' }),
    ]);
    expect(workers.map((w) => [w.pmId, w.id])).toEqual([
      [1, 0],
      [0, 1],
      [2, 2],
      [3, 3],
    ]);
  });

  it('maps every PM2 status word', () => {
    expect(['online', 'launching', 'stopping', 'stopped', 'errored', 'waiting restart', 'one-launch-status', 'weird'].map(mapPm2Status)).toEqual([
      'online',
      'launching',
      'stopping',
      'stopped',
      'errored',
      'waiting',
      'stopped',
      'stopped',
    ]);
  });

  it('builds the docs/json.md app: mode, uptime from pm_uptime, metrics from monit, restarts', () => {
    const workers = assignSlots([
      proc(0, 'web', { NODE_APP_INSTANCE: 0, restart_time: 3 }),
      proc(1, 'web', { NODE_APP_INSTANCE: 1, status: 'stopped' }, 0),
      proc(2, 'job', { exec_mode: 'fork_mode', status: 'errored' }, 0),
    ]);
    const [web, job] = toApps(workers, NOW, { exits: () => [], reason: (app) => (app === 'job' ? 'gave up' : undefined) });
    expect(web).toMatchObject({ name: 'web', mode: 'cluster', instances: 2, source: 'pm2' });
    expect(web!.workers[0]).toMatchObject({ id: 0, pid: 1000, status: 'online', restarts: 3, uptimeMs: 5000, cpu: 1.5, memory: 0, lastExit: null });
    expect(web!.workers[1]).toMatchObject({ id: 1, pid: null, status: 'stopped', uptimeMs: 0, memory: 1024 });
    expect(job).toMatchObject({ mode: 'fork', workers: [{ status: 'errored', reason: 'gave up' }] });
    expect(toApps(workers, NOW, none)[1]!.workers[0]!.reason).toMatch(/PM2 marked it errored/);
  });
});
