// The rpc.sock client against a stand-in axon rep server on a real unix socket: replies matched
// by id (out of order, split into byte chunks), error replies, timeouts, and a lost connection.
import net from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessage, FrameDecoder } from '../../../src/sources/pm2/amp-codec.js';
import { connectRpc } from '../../../src/sources/pm2/rpc-client.js';
import { tmpHome } from '../../helpers/tmp-home.js';

type Handler = (call: { method: string; args: unknown[] }, reply: (value: unknown) => void, socket: net.Socket, id: string) => void;

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((fn) => fn()));

/** A rep server speaking AMP on a fresh socket path. */
async function repServer(handler: Handler): Promise<string> {
  const home = tmpHome('clmon-rpc-');
  const path = join(home.dir, 'rpc.sock');
  const server = net.createServer((socket) => {
    const decoder = new FrameDecoder();
    socket.on('data', (chunk) => {
      for (const frame of decoder.push(chunk)) {
        const [call, id] = decodeMessage(frame) as [{ method: string; args: unknown[] }, string];
        handler(call, (value) => socket.write(encodeMessage([value, id])), socket, id);
      }
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(path, resolve));
  cleanups.push(() => {
    server.close();
    home.remove();
  });
  return path;
}

describe('rpc client', () => {
  it('matches replies to calls by id, even out of order and split into single bytes', async () => {
    const pending: (() => void)[] = [];
    const path = await repServer((call, _reply, socket, id) => {
      // Answer the first call last, one byte per write.
      pending.push(() => {
        const frame = encodeMessage([{ args: [{ echo: call.args[0], method: call.method }] }, id]);
        for (const byte of frame) socket.write(Buffer.from([byte]));
      });
      if (pending.length === 2) pending.reverse().forEach((fn) => fn());
    });
    const rpc = await connectRpc(path, 2000);
    cleanups.push(() => rpc.close());
    const [a, b] = await Promise.all([rpc.call('first', [0]), rpc.call('second', [1])]);
    expect(a).toEqual({ echo: 0, method: 'first' });
    expect(b).toEqual({ echo: 1, method: 'second' });
  });

  it('turns an error reply into a rejection with its message', async () => {
    const path = await repServer((call, reply) => reply({ error: `method "${call.method}" does not exist` }));
    const rpc = await connectRpc(path, 2000);
    cleanups.push(() => rpc.close());
    await expect(rpc.call('nope', [])).rejects.toThrow('method "nope" does not exist');
  });

  it('times out a call that gets no answer, and rejects pending calls when the peer goes away', async () => {
    const path = await repServer((call, _reply, socket) => {
      if (call.method === 'hangup') socket.destroy();
    });
    const rpc = await connectRpc(path, 2000);
    cleanups.push(() => rpc.close());
    await expect(rpc.call('silence', [], 200)).rejects.toThrow(/did not answer silence within 200 ms/);
    const lost = new Promise<string>((resolve) => rpc.onClose(resolve));
    await expect(rpc.call('hangup', [])).rejects.toThrow(/connection was lost/);
    expect(await lost).toMatch(/closed/);
    expect(rpc.closed).toBe(true);
    await expect(rpc.call('after', [])).rejects.toThrow(/closed/);
  });

  it('rejects connecting to a path where nothing listens', async () => {
    const home = tmpHome('clmon-rpc-none-');
    cleanups.push(home.remove);
    await expect(connectRpc(join(home.dir, 'rpc.sock'), 2000)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
