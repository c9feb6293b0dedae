// Control-socket bounds with real sockets: a cap on connections (extras get an error reply and
// are closed), a silent client is closed after the hello timeout, and a burst of requests on one
// connection is served in order of capacity without losing any.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_CONNECTIONS } from '../../src/daemon/control-server.js';
import { HELLO_TIMEOUT_MS, MAX_IN_FLIGHT } from '../../src/daemon/server-connection.js';
import { fixture } from '../helpers/app-spec.js';
import { Harness, waitFor } from './daemon-harness.js';
import { RawPeer } from './raw-socket.js';

const h = new Harness();
afterAll(() => h.cleanup());

describe('control socket limits', () => {
  it('caps connections, times out a silent handshake, bounds requests in flight', async () => {
    expect((await h.clmon(['start', fixture('sup-idle.cjs')])).code).toBe(0);
    h.notePids();
    const socket = join(h.home, 'sock', 'daemon.sock');
    const peers: RawPeer[] = [];
    for (let i = 0; i < MAX_CONNECTIONS; i++) peers.push(await RawPeer.open(socket));
    const extra = await RawPeer.open(socket);
    expect(await extra.line(1)).toMatchObject({ id: null, error: { code: 'runtime', message: expect.stringMatching(/too many connections/) } });
    await waitFor(() => extra.closed, 5000, 'the extra connection closed');
    // The silent ones are closed after the hello timeout, with a reason.
    await waitFor(() => peers.every((p) => p.closed), HELLO_TIMEOUT_MS + 10_000, 'silent peers closed');
    expect(peers[0]!.lines[0]).toMatchObject({ error: { message: expect.stringMatching(/no hello/) } });
    // A burst of 4 × MAX_IN_FLIGHT requests in one write: every one answered.
    const peer = await RawPeer.open(socket);
    const count = MAX_IN_FLIGHT * 4;
    peer.send(
      ['{"hello":"clmon","version":1}', ...Array.from({ length: count }, (_, i) => JSON.stringify({ id: i + 1, method: 'snapshot' }))].join('\n') + '\n',
    );
    await peer.line(count + 1);
    expect(new Set(peer.lines.slice(1).map((l) => l.id)).size).toBe(count);
    peer.close();
  }, 60_000);
});
