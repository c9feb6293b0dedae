import { describe, expect, it } from 'vitest';
import { decideAfterExit, initialRestartState, nextBackoff, type RestartState } from '../../src/supervisor/restart-policy.js';

const spec = {
  autorestart: true,
  stopExitCodes: [],
  minUptime: 1000,
  maxRestarts: 3,
  restartDelay: 0,
  expBackoffRestartDelay: 0,
};

describe('decideAfterExit', () => {
  it('gives up after max_restarts unstable runs in a row, so an errored worker shows exactly max_restarts restarts', () => {
    let state: RestartState = initialRestartState;
    const actions: string[] = [];
    for (let i = 0; i < 4; i++) {
      const d = decideAfterExit(spec, state, { code: 3, signal: null, uptimeMs: 50 });
      actions.push(d.action);
      state = d.state;
    }
    expect(actions).toEqual(['restart', 'restart', 'restart', 'errored']);
  });

  it('says why it gave up, with the last exit', () => {
    const d = decideAfterExit({ ...spec, maxRestarts: 0 }, initialRestartState, { code: 3, signal: null, uptimeMs: 10 });
    expect(d.action).toBe('errored');
    expect(d.action === 'errored' && d.reason).toMatch(/min_uptime \(1000 ms\).*max_restarts 0.*code 3/);
  });

  it('a stable run resets the unstable count', () => {
    let state: RestartState = { unstableRuns: 3, lastBackoffMs: 0 };
    const d = decideAfterExit(spec, state, { code: 1, signal: null, uptimeMs: 5000 });
    expect(d.action).toBe('restart');
    state = d.state;
    expect(state.unstableRuns).toBe(0);
  });

  it('does not restart with autorestart off or an exit code in stop_exit_codes', () => {
    expect(decideAfterExit({ ...spec, autorestart: false }, initialRestartState, { code: 1, signal: null, uptimeMs: 10 }).action).toBe('stopped');
    expect(decideAfterExit({ ...spec, stopExitCodes: [0, 7] }, initialRestartState, { code: 7, signal: null, uptimeMs: 10 }).action).toBe('stopped');
    expect(decideAfterExit({ ...spec, stopExitCodes: [0, 7] }, initialRestartState, { code: null, signal: 'SIGKILL', uptimeMs: 10 }).action).toBe('restart');
  });

  it('uses restart_delay without backoff', () => {
    const d = decideAfterExit({ ...spec, restartDelay: 250 }, initialRestartState, { code: 1, signal: null, uptimeMs: 10 });
    expect(d).toMatchObject({ action: 'restart', delayMs: 250 });
  });

  it('exponential backoff: d, 1.5d, 2.25d … capped at 15 s', () => {
    const s = { ...spec, maxRestarts: 100, expBackoffRestartDelay: 100 };
    let state: RestartState = initialRestartState;
    const delays: number[] = [];
    for (let i = 0; i < 12; i++) {
      const d = decideAfterExit(s, state, { code: 1, signal: null, uptimeMs: 10 });
      if (d.action !== 'restart') throw new Error('expected a restart');
      delays.push(d.delayMs);
      state = d.state;
    }
    expect(delays.slice(0, 4)).toEqual([100, 150, 225, 338]);
    expect(Math.max(...delays)).toBeLessThanOrEqual(15_000);
    expect(nextBackoff(10_000, 14_000, 10)).toBe(15_000);
  });

  it('backoff goes back to d after a run of 30 s or more', () => {
    expect(nextBackoff(100, 5000, 30_000)).toBe(100);
    expect(nextBackoff(100, 5000, 29_999)).toBe(7500);
  });
});
