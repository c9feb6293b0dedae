// One connection through a `--via` prefix: spawn `<prefix> clmon serve --stdio` without a shell,
// do the protocol handshake over its stdin/stdout, and hand back a ControlClient. When it fails,
// the message carries what the command said on stderr (its last lines), which is the only
// useful thing to show for "ssh: Could not resolve hostname" or "no daemon runs there".
import { spawn, type ChildProcess } from 'node:child_process';
import { Duplex } from 'node:stream';
import { clientOn, type ControlClient } from '../daemon/control-client.js';
import { HandshakeError, handshakeOn } from '../daemon/client-handshake.js';
import { LineReader } from '../daemon/protocol/line-reader.js';
import { MAX_REPLY_BYTES } from '../daemon/protocol/messages.js';
import { safeText } from '../safe-text.js';
import type { ViaHost } from './via-prefix.js';
import { messageOf } from '../errors.js';

/** Bytes of stderr kept per link (its tail explains failures). */
const STDERR_KEEP = 4096;

export interface StdioLink {
  client: ControlClient;
  /** The last stderr lines so far (why the link ended, once it has). */
  stderrTail(): string;
  /** Resolves with the reason once the command has exited. */
  exited: Promise<string>;
}

/** The failure of a link: `permanent` when retrying cannot help (no such command, version mismatch). */
export class LinkError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
  }
}

/** Start the command and complete the hello; rejects with a LinkError saying why. */
export async function openStdioLink(host: ViaHost, timeoutMs = 15_000): Promise<StdioLink> {
  const [command, ...args] = host.argv;
  const child = spawn(command!, args, { stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
  const stderr = new TailBuffer(STDERR_KEEP);
  child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk));
  const spawnError = new Promise<NodeJS.ErrnoException>((resolve) => child.once('error', resolve));
  const exited = exitReason(child, spawnError, stderr);
  const stream = childStream(child);
  const reader = new LineReader(MAX_REPLY_BYTES);
  try {
    const shaken = await handshakeOn(stream, reader, timeoutMs, (why) => why);
    const client = clientOn(stream, reader, `\`${host.prefix} clmon serve --stdio\``, shaken.hello, shaken.rest);
    return { client, stderrTail: () => stderr.lines(), exited };
  } catch (err) {
    stream.destroy();
    terminate(child);
    const spawnErr = await Promise.race([spawnError, delay(50).then(() => undefined)]);
    if (spawnErr) throw new LinkError(describeSpawnError(command!, spawnErr), true);
    const version = err instanceof HandshakeError && err.version;
    if (version) throw new LinkError(err.why, true);
    const why = err instanceof HandshakeError ? err.why : messageOf(err);
    // the command's own words say more than "the connection closed"
    const reason = await Promise.race([exited, delay(1000).then(() => why)]);
    throw new LinkError(reason, false);
  }
}

/** End a link's command: close its stdin (serve ends on EOF), then signals if it lingers. */
export function terminate(child: ChildProcess, graceMs = 2000): void {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.stdin?.end();
  const term = setTimeout(() => child.kill('SIGTERM'), graceMs);
  const kill = setTimeout(() => child.kill('SIGKILL'), graceMs * 2);
  term.unref();
  kill.unref();
  child.once('exit', () => {
    clearTimeout(term);
    clearTimeout(kill);
  });
}

/** The child's stdout and stdin as one stream that closes when the child is gone. */
function childStream(child: ChildProcess): Duplex {
  const stream = Duplex.from({ readable: child.stdout!, writable: child.stdin! });
  child.stdin!.on('error', () => {}); // EPIPE once the command is gone: its exit says why
  const gone = (): void => void stream.destroy();
  child.once('exit', gone);
  child.once('error', gone);
  child.stdout!.once('end', gone);
  stream.on('close', () => terminate(child));
  return stream;
}

/** "exited with code 255: ssh: Could not resolve hostname web-1" once the command has ended. */
function exitReason(child: ChildProcess, spawnError: Promise<NodeJS.ErrnoException>, stderr: TailBuffer): Promise<string> {
  return new Promise((resolve) => {
    void spawnError.then((err) => resolve(describeSpawnError(child.spawnfile, err)));
    child.once('close', (code, signal) => {
      const how = signal ? `was ended by ${signal}` : `exited with code ${code}`;
      const said = stderr.lines();
      resolve(said ? `${how}: ${said}` : how);
    });
  });
}

function describeSpawnError(command: string, err: NodeJS.ErrnoException): string {
  if (err.code === 'ENOENT') return `cannot run "${command}": command not found (check the --via prefix and PATH)`;
  if (err.code === 'EACCES') return `cannot run "${command}": permission denied`;
  return `cannot run "${command}": ${err.message}`;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The last `max` bytes of a stream, as its last few non-empty lines, sanitized. */
class TailBuffer {
  private tail = Buffer.alloc(0);

  constructor(private readonly max: number) {}

  push(chunk: Buffer): void {
    const joined = Buffer.concat([this.tail, chunk]);
    this.tail = joined.length > this.max ? joined.subarray(joined.length - this.max) : joined;
  }

  lines(count = 3): string {
    const lines = this.tail
      .toString('utf8')
      .split(/\r?\n/)
      .map((l) => safeText(l).trim())
      .filter((l) => l !== '');
    return lines.slice(-count).join(' · ');
  }
}
