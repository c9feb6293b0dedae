// Bounded messages on the control socket: a crash loop printing 60 KB stderr lines must not make
// one snapshot bigger than a client can take. Exit records keep a byte-bounded stderr tail, and
// detailed snapshots go only to a client that asks for them (docs/protocol.md docs/configuration.md, docs/cli.md#attach).
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixture } from '../helpers/app-spec.js';
import { Harness, waitFor } from './daemon-harness.js';
import { RawPeer } from './raw-socket.js';

const h = new Harness();
afterAll(() => h.cleanup());

interface Exit {
  stderrTail: string[];
}
interface Snap {
  apps: { workers: { restarts: number; exits?: Exit[] }[] }[];
}

describe('a crash loop with 60 KB stderr lines', () => {
  it('a detailed snapshot stays small; subscribers get details only when they ask', async () => {
    const started = await h.clmon(['start', fixture('sup-crash-60k.cjs'), '-i', '2', '--name', 'big', '--max-restarts', '1000', '--min-uptime', '100000']);
    expect(started.code).toBe(0);
    h.notePids();
    const socket = join(h.home, 'sock', 'daemon.sock');
    const peer = await RawPeer.open(socket);
    peer.send('{"hello":"clmon","version":1}\n');
    await peer.line(1);
    let n = 1;
    const detailed = async (): Promise<{ snap: Snap; bytes: number }> => {
      peer.send(`${JSON.stringify({ id: ++n, method: 'snapshot', params: { detail: true } })}\n`);
      const reply = (await peer.line(n)) as { result: Snap };
      return { snap: reply.result, bytes: JSON.stringify(reply).length };
    };
    // Enough crashes that 20 lines × 60 KB per exit would be tens of MB.
    await waitFor(async () => (await detailed()).snap.apps[0]!.workers.every((w) => w.restarts >= 5), 30_000, 'five crashes per worker');
    const { snap, bytes } = await detailed();
    expect(bytes).toBeLessThan(1024 * 1024);
    for (const exit of snap.apps[0]!.workers.flatMap((w) => w.exits ?? [])) {
      expect(exit.stderrTail.join('').length).toBeLessThanOrEqual(4096);
    }
    // A subscriber that did not ask: plain snapshots (no exit records), a small reply.
    peer.send(`${JSON.stringify({ id: ++n, method: 'subscribe', params: { logLines: 0 } })}\n`);
    const reply = (await peer.line(n)) as { result: { snapshot: Snap } };
    expect(JSON.stringify(reply).length).toBeLessThan(64 * 1024);
    expect(reply.result.snapshot.apps[0]!.workers.every((w) => w.exits === undefined)).toBe(true);
    await waitFor(() => peer.lines.some((l) => (l.event as { type?: string } | undefined)?.type === 'snapshot'), 10_000, 'a pushed snapshot');
    for (const line of peer.lines.filter((l) => (l.event as { type?: string } | undefined)?.type === 'snapshot')) {
      expect((line.event as { snapshot: Snap }).snapshot.apps[0]!.workers.every((w) => w.exits === undefined)).toBe(true);
    }
    expect(peer.closed).toBe(false);
    peer.close();
  });
});
