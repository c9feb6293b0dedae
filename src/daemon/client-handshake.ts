// Connect to a control socket and exchange hellos, with one deadline for both: a socket file
// nobody serves, a peer that never answers and a version mismatch all fail clearly here.
import { connect, type Socket } from 'node:net';
import { RuntimeError } from '../errors.js';
import type { LineReader } from './protocol/line-reader.js';
import { encodeLine, PROTOCOL_NAME, PROTOCOL_VERSION, type HelloReply } from './protocol/messages.js';

export interface Handshaken {
  socket: Socket;
  hello: HelloReply;
  /** Lines that arrived with the hello reply. */
  rest: string[];
}

/** Open the socket and complete the hello; rejects with a RuntimeError naming the socket. */
export function handshake(socketPath: string, reader: LineReader, timeoutMs: number, hint?: string): Promise<Handshaken> {
  return new Promise((resolve, reject) => {
    const socket = connect(socketPath);
    const fail = (why: string): void => {
      clearTimeout(timer);
      socket.destroy();
      reject(new RuntimeError(`no clmon supervisor answers on ${socketPath} (${why})${hint ? `; ${hint}` : ''}`));
    };
    const timer = setTimeout(() => fail(`no answer within ${timeoutMs} ms`), timeoutMs);
    socket.once('error', (err: NodeJS.ErrnoException) => fail(describeConnectError(err)));
    socket.once('close', () => fail('the connection closed during the handshake'));
    socket.once('connect', () => socket.write(encodeLine({ hello: PROTOCOL_NAME, version: PROTOCOL_VERSION })));
    const onData = (chunk: Buffer): void => {
      const { lines, overflow } = reader.push(chunk);
      if (overflow) return fail('the hello reply was too long');
      if (lines.length === 0) return;
      const first = parse(lines[0]!);
      if (!first) return fail('the hello reply was not JSON');
      if (first.error) return fail(`it refused the hello: ${(first.error as { message?: string }).message ?? 'no reason given'}`);
      if (first.hello !== PROTOCOL_NAME || first.version !== PROTOCOL_VERSION) {
        return fail(`it speaks protocol version ${JSON.stringify(first.version)}, this clmon speaks ${PROTOCOL_VERSION}`);
      }
      clearTimeout(timer);
      socket.removeAllListeners('error');
      socket.removeAllListeners('close');
      socket.off('data', onData);
      resolve({ socket, hello: first as unknown as HelloReply, rest: lines.slice(1) });
    };
    socket.on('data', onData);
  });
}

function parse(line: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(line) as unknown;
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function describeConnectError(err: NodeJS.ErrnoException): string {
  if (err.code === 'ENOENT') return 'no socket file';
  if (err.code === 'ECONNREFUSED') return 'stale socket file: its supervisor is gone';
  if (err.code === 'EACCES') return 'permission denied: it belongs to another user';
  return err.message;
}
