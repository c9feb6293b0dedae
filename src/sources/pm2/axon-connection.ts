// A unix-socket connection that speaks AMP frames: the transport under both of PM2's sockets.
// It only ever connects; it never creates or binds a socket, so it cannot start a daemon.
import net from 'node:net';
import { decodeMessage, encodeMessage, FrameDecoder } from './amp-codec.js';
import { messageOf } from '../../errors.js';

export interface AxonConnection {
  /** Send one message (tagged values). */
  send(values: readonly unknown[]): void;
  /** Each decoded message, in order. */
  onMessage(listener: (values: unknown[]) => void): void;
  /** The connection ended (peer gone, corrupt stream, or close()); called once. */
  onClose(listener: (reason: string) => void): void;
  close(): void;
}

/** Connect to a unix socket; rejects with the system error (ENOENT, ECONNREFUSED) or on timeout. */
export function connectAxon(path: string, timeoutMs: number): Promise<AxonConnection> {
  return new Promise((resolve, reject) => {
    const socket = net.createConnection({ path });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT' }));
    }, timeoutMs);
    socket.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(wrap(socket));
    });
  });
}

function wrap(socket: net.Socket): AxonConnection {
  const decoder = new FrameDecoder();
  const messageListeners: ((values: unknown[]) => void)[] = [];
  const closeListeners: ((reason: string) => void)[] = [];
  let closed = false;
  const finish = (reason: string): void => {
    if (closed) return;
    closed = true;
    socket.destroy();
    for (const listener of closeListeners) listener(reason);
  };
  socket.on('data', (chunk: Buffer) => {
    let frames: Buffer[][];
    try {
      frames = decoder.push(chunk);
    } catch (err) {
      return finish(`corrupt stream: ${messageOf(err)}`);
    }
    for (const frame of frames) {
      let values: unknown[];
      try {
        values = decodeMessage(frame);
      } catch {
        continue; // one malformed JSON argument: drop that message, keep the stream
      }
      for (const listener of messageListeners) listener(values);
    }
  });
  socket.on('error', (err) => finish(err.message));
  socket.on('close', () => finish('connection closed by the peer'));
  return {
    send(values) {
      if (!closed) socket.write(encodeMessage(values));
    },
    onMessage(listener) {
      messageListeners.push(listener);
    },
    onClose(listener) {
      closeListeners.push(listener);
    },
    close() {
      finish('closed');
    },
  };
}
