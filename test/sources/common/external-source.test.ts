// The base of the PM2 and pid sources: what every source for a group clmon did not start does the
// same way (snapshots without detail, log queries, refusals that give the capability's reason).
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/errors.js';
import type { Snapshot } from '../../../src/model/types.js';
import { ExternalSource } from '../../../src/sources/common/external-source.js';
import { waitFor } from '../../helpers/wait-for.js';

/** The smallest external source: one app `web` with one worker that exited once. */
class OneAppSource extends ExternalSource {
  readonly kind = 'pid';
  released = 0;

  constructor() {
    super('pid 42', { restart: true, reload: 'no reload here', scale: 'no scale', stopStart: 'no stop', kill: true }, 60_000);
  }

  line(id: number, stream: 'out' | 'err', text: string): void {
    this.logStore.add('web', id, stream, text);
  }

  protected async current(): Promise<Snapshot> {
    const exit = { at: '2026-01-01T00:00:00.000Z', code: 1, signal: null, uptimeMs: 5, cause: 'crash' as const };
    const worker = { id: 0, pid: 7, status: 'online' as const, restarts: 1, uptimeMs: 9, cpu: 0, memory: 0, lastExit: exit };
    return {
      apps: [{ name: 'web', mode: 'fork', instances: 1, source: 'pid', workers: [{ ...worker, exits: [{ ...exit, killed: false, stderrTail: [] }] }] }],
    };
  }

  protected async tick(): Promise<void> {}

  protected async release(): Promise<void> {
    this.released++;
  }
}

describe('ExternalSource', () => {
  it('drops the detail fields unless asked for them', async () => {
    const source = new OneAppSource();
    expect((await source.snapshot(true)).apps[0]!.workers[0]!.exits).toHaveLength(1);
    expect((await source.snapshot()).apps[0]!.workers[0]).not.toHaveProperty('exits');
  });

  it('answers log queries by target and stream, and names the known apps for an unknown one', async () => {
    const source = new OneAppSource();
    const seen: string[] = [];
    source.subscribe((e) => e.type === 'logs' && seen.push(...e.lines.map((l) => l.text)));
    source.line(0, 'out', 'a');
    source.line(1, 'err', 'b');
    source.line(0, 'err', 'c');
    await waitFor(() => seen.length === 3);
    expect((await source.logs({ lines: 10 })).map((l) => l.text)).toEqual(['a', 'b', 'c']);
    expect((await source.logs({ lines: 10, target: 'web:0' })).map((l) => l.text)).toEqual(['a', 'c']);
    expect((await source.logs({ lines: 1, stream: 'err' })).map((l) => l.text)).toEqual(['c']);
    expect((await source.logs({ lines: 0, target: 'web' })).map((l) => l.text)).toEqual([]);
    await expect(source.logs({ lines: 5, target: 'api' })).rejects.toThrow(/unknown app "api" \(known apps: web\)/);
  });

  it('refuses what the group cannot do with the reason its capabilities give (a UserError)', async () => {
    const source = new OneAppSource();
    await expect(source.start()).rejects.toThrow("start is not available for pid 42; it works on clmon's own daemon");
    await expect(source.delete()).rejects.toBeInstanceOf(UserError);
    await expect(source.reload('web')).rejects.toThrow('no reload here');
    await expect(source.stop('web')).rejects.toThrow('no stop');
    await expect(source.restart('web')).rejects.toThrow(/restart is not implemented for pid 42/);
  });

  it('releases once and stops notifying on close', async () => {
    const source = new OneAppSource();
    const seen: unknown[] = [];
    source.subscribe((e) => seen.push(e));
    await source.close();
    await source.close();
    source.line(0, 'out', 'late');
    expect(source.released).toBe(1);
    expect(seen).toEqual([]);
  });
});
