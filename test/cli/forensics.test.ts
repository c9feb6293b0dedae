// End to end (SPEC §10): the built binary against a real daemon; a crashed worker's describe shows
// the error, the throwing frame, the heap and the report path, as text and as JSON.
import { statSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { fixture, Harness, waitFor } from '../daemon/daemon-harness.js';

const h = new Harness();
afterAll(() => h.cleanup());

describe('crash forensics in describe', () => {
  it('describe shows the exception, the frame it came from, the heap and the report', async () => {
    const started = await h.clmon(['start', fixture('diag-throw.cjs'), '--name', 'thrower', '--no-autorestart']);
    expect(started.code).toBe(0);
    await waitFor(async () => (await h.ls()).apps[0]!.workers[0]!.lastExit !== null, 20_000, 'the crash');
    const text = await h.clmon(['describe', 'thrower:0']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Error: boom from thrower:0');
    expect(text.stdout).toMatch(/^ {10}at .*explodeInHandler.*diag-throw\.cjs:3:\d+\)$/m);
    expect(text.stdout).toMatch(/heap [\d.]+[BKMGT] used of [\d.]+[BKMGT], limit [\d.]+[BKMGT]/);
    const json = await h.clmon(['describe', 'thrower', '--json']);
    const exit = JSON.parse(json.stdout).apps[0].workers[0].exits[0];
    expect(exit.error).toMatchObject({ message: 'Error: boom from thrower:0', trigger: 'Exception' });
    expect(exit.error.frames[0]).toMatch(/^at .*explodeInHandler/);
    expect(Object.keys(exit.error.heap).sort()).toEqual(['limit', 'total', 'used']);
    expect(text.stdout).toContain(`report ${exit.report}`);
    expect(statSync(exit.report).mode & 0o777).toBe(0o600);
  });
});
