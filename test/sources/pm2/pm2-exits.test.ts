// Exit history from PM2's events, replayed as PM2 7 sends them (recorded from a real daemon):
// a stop sends `exit` twice, a reload renames the old process `_old_<id>`, and the code and
// signal come from PM2's own log line just before.
import { describe, expect, it } from 'vitest';
import { Pm2ExitHistory } from '../../../src/sources/pm2/pm2-exits.js';

const START = 1_795_433_254_327;
const env = (over: Record<string, unknown>) => ({
  name: 'web',
  pm_id: 0,
  NODE_APP_INSTANCE: 0,
  instance_var: 'NODE_APP_INSTANCE',
  pm_uptime: START,
  exit_code: 0,
  ...over,
});
const slotOf = () => null;
const tail = (app: string, id: number) => [`${app}:${id} last words`];

describe('pm2 exit history', () => {
  it('records a stop once, as manual, with the SIGINT PM2 stopped it with', () => {
    const h = new Pm2ExitHistory();
    h.noteDaemonLine('App [web:0] exited with code [0] via signal [SIGINT]');
    expect(h.onExit({ process: env({ status: 'stopping' }), at: START + 20_490 }, slotOf, tail)).toBe(0);
    expect(h.onExit({ process: env({ status: 'stopped' }), at: START + 20_574 }, slotOf, tail)).toBeNull();
    expect(h.exits('web', 0)).toEqual([
      {
        at: new Date(START + 20_490).toISOString(),
        code: null,
        signal: 'SIGINT',
        uptimeMs: 20_490,
        cause: 'manual',
        killed: false,
        stderrTail: ['web:0 last words'],
      },
    ]);
  });

  it('records a crash with its code, and a kill from outside with its signal', () => {
    const h = new Pm2ExitHistory();
    h.noteDaemonLine('App [web:0] exited with code [3] via signal [SIGINT]');
    h.onExit({ process: env({ status: 'stopped' }), at: START + 100 }, slotOf, tail);
    h.noteDaemonLine('App [web:0] exited with code [0] via signal [SIGKILL]');
    h.onExit({ process: env({ status: 'stopped', pm_uptime: START + 200 }), at: START + 900 }, slotOf, tail);
    expect(h.exits('web', 0).map((e) => [e.cause, e.code, e.signal, e.uptimeMs, e.killed])).toEqual([
      ['crash', null, 'SIGKILL', 700, false],
      ['crash', 3, null, 100, false],
    ]);
  });

  it('files a reloaded `_old_` process under its slot, with the cause clmon expected', () => {
    const h = new Pm2ExitHistory();
    h.expect(0, 'reload');
    h.noteDaemonLine('App [web:_old_0] exited with code [0] via signal [SIGINT]');
    h.onExit({ process: env({ pm_id: '_old_0', status: 'stopping' }), at: START + 50 }, slotOf, tail);
    expect(h.exits('web', 0)[0]).toMatchObject({ cause: 'reload', signal: 'SIGINT', code: null });
  });

  it('falls back to the slot of the pm_id when the event has no instance number', () => {
    const h = new Pm2ExitHistory();
    h.onExit(
      { process: env({ NODE_APP_INSTANCE: undefined, pm_id: 4, status: 'stopped', exit_code: 2 }), at: START + 10 },
      (pmId) => (pmId === 4 ? 1 : null),
      tail,
    );
    expect(h.exits('web', 1)[0]).toMatchObject({ cause: 'crash', code: 2, signal: null });
  });

  it('keeps the reason PM2 gave up', () => {
    const h = new Pm2ExitHistory();
    h.onGaveUp(env({ max_restarts: 5, min_uptime: 2000 }), slotOf);
    expect(h.reason('web', 0)).toMatch(/5 unstable restarts.*2000 ms/);
  });
});
