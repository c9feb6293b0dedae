import { describe, expect, it } from 'vitest';
import { LogStore } from '../../../src/logs/log-store.js';
import { Pm2LogLines } from '../../../src/sources/pm2/pm2-logs.js';
import type { LogLine } from '../../../src/model/types.js';

function setup() {
  const emitted: LogLine[] = [];
  const buffer = new LogStore({ batchMs: 1 });
  buffer.onBatch((lines) => emitted.push(...lines));
  const slots = new Map([
    [0, { app: 'web', id: 0 }],
    [1, { app: 'web', id: 1 }],
  ]);
  const lines = new Pm2LogLines(buffer, (pmId, name) => slots.get(pmId) ?? { app: name, id: pmId });
  return { buffer, lines, recent: () => buffer.recent({ lines: 100 }).map((l) => [l.app, l.id, l.stream, l.text]) };
}

describe('Pm2LogLines', () => {
  it('joins chunks into whole lines per process and stream', () => {
    const { lines, recent } = setup();
    lines.onChunk('out', { process: { pm_id: 0, name: 'web' }, data: 'hello ' });
    lines.onChunk('out', { process: { pm_id: 1, name: 'web' }, data: 'other\n' });
    lines.onChunk('out', { process: { pm_id: 0, name: 'web' }, data: 'world\nsecond\n' });
    expect(recent()).toEqual([
      ['web', 1, 'out', 'other'],
      ['web', 0, 'out', 'hello world'],
      ['web', 0, 'out', 'second'],
    ]);
  });

  it('keeps the last lines of a worker that a reload is replacing (pm_id "_old_<id>"), on its slot', () => {
    const { lines, recent } = setup();
    // during a reload PM2 renames the old process to `_old_0` while its replacement takes pm_id 0
    lines.onChunk('out', { process: { pm_id: '_old_0', name: 'web' }, data: 'shutting down (SIGINT) ' });
    lines.onChunk('out', { process: { pm_id: 0, name: 'web' }, data: 'listening on 3000\n' });
    lines.onChunk('out', { process: { pm_id: '_old_0', name: 'web' }, data: 'pid=41\n' });
    expect(recent()).toEqual([
      ['web', 0, 'out', 'listening on 3000'],
      ['web', 0, 'out', 'shutting down (SIGINT) pid=41'],
    ]);
  });

  it('ignores packets without a usable process id or text', () => {
    const { lines, recent } = setup();
    lines.onChunk('out', { process: { pm_id: 'abc', name: 'web' }, data: 'x\n' });
    lines.onChunk('out', { process: { name: 'web' }, data: 'y\n' });
    lines.onChunk('out', { process: { pm_id: 0, name: 'web' }, data: 42 });
    expect(recent()).toEqual([]);
  });
});
