// Exchange hellos with a clmon server, with one deadline for both: over a control socket (a
// socket file nobody serves, a peer that never answers) or over any byte stream (the stdio of
// `<prefix> clmon serve --stdio`). A version mismatch names both sides' versions.
import { connect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { RuntimeError } from '../errors.js';
import { CLMON_VERSION } from '../version.js';
import type { LineReader } from './protocol/line-reader.js';
import { encodeLine, PROTOCOL_NAME, PROTOCOL_VERSION, type HelloReply } from './protocol/messages.js';

export interface Handshaken<S extends Duplex = Socket> {
  socket: S;
  hello: HelloReply;
  /** Lines that arrived with the hello reply. */
  rest: string[];
}

/** Why a handshake failed; `version` marks a protocol mismatch (no point retrying). */
export class HandshakeError extends RuntimeError {
  constructor(
    message: string,
    readonly why: string,
    readonly version = false,
  ) {
    super(message);
  }
}

/** Open the socket and complete the hello; rejects with a RuntimeError naming the socket. */
export function handshake(socketPath: string, reader: LineReader, timeoutMs: number, hint?: string): Promise<Handshaken> {
  const socket = connect(socketPath);
  return handshakeOn(socket, reader, timeoutMs, (why) => `no clmon supervisor answers on ${socketPath} (${why})${hint ? `; ${hint}` : ''}`, socket);
}

/**
 * Complete the hello on a stream; `describe` turns the reason into the error message. `connecting`
 * is the socket whose 'connect' starts the hello (a stream that is open already: undefined).
 */
export function handshakeOn<S extends Duplex>(
  stream: S,
  reader: LineReader,
  timeoutMs: number,
  describe: (why: string) => string,
  connecting?: Socket,
): Promise<Handshaken<S>> {
  return new Promise((resolve, reject) => {
    const fail = (why: string, version = false): void => {
      clearTimeout(timer);
      stream.destroy();
      reject(new HandshakeError(describe(why), why, version));
    };
    const timer = setTimeout(() => fail(`no answer within ${timeoutMs} ms`), timeoutMs);
    stream.once('error', (err: NodeJS.ErrnoException) => fail(describeConnectError(err)));
    stream.once('close', () => fail('the connection closed during the handshake'));
    const hello = (): void => void stream.write(encodeLine({ hello: PROTOCOL_NAME, version: PROTOCOL_VERSION, clmon: CLMON_VERSION }));
    if (connecting) connecting.once('connect', hello);
    else hello();
    const onData = (chunk: Buffer): void => {
      const { lines, overflow } = reader.push(chunk);
      if (overflow) return fail('the hello reply was too long');
      if (lines.length === 0) return;
      const first = parse(lines[0]!);
      if (!first) return fail(`the hello reply was not JSON: ${JSON.stringify(lines[0]!.slice(0, 80))}`);
      const error = first.error as { message?: string; version?: unknown; clmon?: unknown } | undefined;
      if (error && typeof error.version === 'number' && error.version !== PROTOCOL_VERSION) {
        return fail(versionMismatch(error.version, error.clmon), true);
      }
      if (error) return fail(`it refused the hello: ${error.message ?? 'no reason given'}`);
      if (first.hello !== PROTOCOL_NAME || first.version !== PROTOCOL_VERSION) {
        return fail(versionMismatch(first.version, first.clmon), true);
      }
      clearTimeout(timer);
      stream.removeAllListeners('error');
      stream.removeAllListeners('close');
      stream.off('data', onData);
      resolve({ socket: stream, hello: first as unknown as HelloReply, rest: lines.slice(1) });
    };
    stream.on('data', onData);
  });
}

/** "the remote clmon 2.0.0 speaks protocol version 2; this clmon 0.1.0 speaks version 1". */
function versionMismatch(version: unknown, clmon: unknown): string {
  const theirs = typeof clmon === 'string' ? `clmon ${clmon.slice(0, 40)}` : 'an older clmon';
  return `the other end (${theirs}) speaks protocol version ${JSON.stringify(version)}; this clmon ${CLMON_VERSION} speaks protocol version ${PROTOCOL_VERSION}: install the same clmon version on both ends`;
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
