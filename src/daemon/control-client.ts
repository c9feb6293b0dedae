// The client side of the control socket: a Controller whose calls travel to a daemon or a
// `clmon run` (docs/protocol.md). The CLI and the TUI use it exactly like an in-process supervisor.
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { RuntimeError } from '../errors.js';
import type { LogQuery, SupervisorEvent } from '../model/controller.js';
import type { AppSpec, DiagnosticRequest, DiagnosticResult, LogLine, ReloadProgress, ReloadResult, Snapshot, Target } from '../model/types.js';
import { LineReader } from './protocol/line-reader.js';
import { encodeLine, MAX_REPLY_BYTES, type HelloReply, type RequestId, type WireEvent } from './protocol/messages.js';
import { fromWireError } from './protocol/wire-errors.js';
import type { ControlClient, SubscribeOptions } from './control-client-types.js';
import { handshake } from './client-handshake.js';

export type { ControlClient, SubscribeOptions } from './control-client-types.js';

export interface ConnectOptions {
  /** For connect + hello; default 3000 ms. */
  timeoutMs?: number;
  /** Added to the "nothing answers" message, e.g. which home and how to start a daemon. */
  hint?: string;
}

interface Pending {
  resolve(result: unknown): void;
  reject(err: Error): void;
  onProgress?: (p: ReloadProgress) => void;
}

/** Connect and complete the handshake; a RuntimeError (exit 1) naming the socket if nobody answers. */
export async function connectControl(socketPath: string, opts: ConnectOptions = {}): Promise<ControlClient> {
  const reader = new LineReader(MAX_REPLY_BYTES);
  const { socket, hello, rest } = await handshake(socketPath, reader, opts.timeoutMs ?? 3000, opts.hint);
  return clientOn(socket, reader, socketPath, hello, rest);
}

/** How messages name a home's supervisor: `daemon` or `run pid <n>`. */
export function clientLabel(client: ControlClient): string {
  return client.hello.kind === 'daemon' ? 'daemon' : `run pid ${client.hello.pid}`;
}

/** A client on a stream whose handshake is done (a socket, or the stdio of `clmon serve --stdio`). */
export function clientOn(stream: Duplex, reader: LineReader, where: string, hello: HelloReply, rest: string[]): ControlClient {
  const client = new SocketClient(stream, reader, where, hello);
  for (const line of rest) client.onLine(line);
  return client;
}

class SocketClient implements ControlClient {
  private nextId = 1;
  private readonly pending = new Map<RequestId, Pending>();
  private readonly listeners = new Set<(event: SupervisorEvent) => void>();
  private readonly closeListeners = new Set<() => void>();
  private subscribed = false;
  private latest: Snapshot | undefined;
  private ended = false;
  private closing = false;

  constructor(
    private readonly socket: Duplex,
    private readonly reader: LineReader,
    readonly socketPath: string,
    readonly hello: HelloReply,
  ) {
    socket.on('data', (chunk: Buffer) => {
      const { lines, overflow } = this.reader.push(chunk);
      for (const line of lines) this.onLine(line);
      if (overflow) socket.destroy(new Error(`a reply was longer than ${MAX_REPLY_BYTES} bytes`));
    });
    socket.on('error', () => {});
    socket.on('close', () => this.onClosed());
  }

  get closed(): boolean {
    return this.ended;
  }

  snapshot(detail = false): Promise<Snapshot> {
    return this.call('snapshot', { detail }) as Promise<Snapshot>;
  }

  logs(query: LogQuery): Promise<LogLine[]> {
    return this.call('logs', { ...query }) as Promise<LogLine[]>;
  }

  async start(apps: AppSpec[]): Promise<void> {
    await this.call('start', { apps });
  }

  async restart(target: Target): Promise<void> {
    await this.call('restart', { target });
  }

  reload(target: Target, onProgress?: (p: ReloadProgress) => void): Promise<ReloadResult> {
    return this.call('reload', { target }, onProgress) as Promise<ReloadResult>;
  }

  scale(app: string, count: string): Promise<number> {
    return this.call('scale', { app, count }) as Promise<number>;
  }

  async stop(target: Target): Promise<void> {
    await this.call('stop', { target });
  }

  async delete(target: Target): Promise<void> {
    await this.call('delete', { target });
  }

  diagnose(target: Target, request: DiagnosticRequest): Promise<DiagnosticResult> {
    const { kind, ...params } = request;
    return this.call(kind, { target, ...params }) as Promise<DiagnosticResult>;
  }

  async kill(): Promise<void> {
    await this.call('kill', {});
  }

  specs(): Promise<AppSpec[]> {
    return this.call('specs', {}) as Promise<AppSpec[]>;
  }

  flushLogs(target: Target): Promise<string[]> {
    return this.call('flushLogs', { target }) as Promise<string[]>;
  }

  subscribe(listener: (event: SupervisorEvent) => void): () => void {
    return this.subscribeWith({}, listener);
  }

  subscribeWith(opts: SubscribeOptions, listener: (event: SupervisorEvent) => void): () => void {
    this.listeners.add(listener);
    if (!this.subscribed) {
      this.subscribed = true;
      this.call('subscribe', { logLines: opts.logLines ?? 0, snapshots: opts.snapshots ?? true, detail: opts.detail ?? true }).then(
        (result) => {
          const reply = result as { snapshot: Snapshot; logs?: LogLine[] };
          this.latest = reply.snapshot;
          // the backlog asked for with logLines comes in the reply: it reaches listeners first
          if (reply.logs && reply.logs.length > 0) this.emit({ type: 'logs', lines: reply.logs });
          this.emit({ type: 'changed' });
        },
        (err: Error) => this.emit({ type: 'notice', level: 'error', message: `cannot follow the supervisor: ${err.message}` }),
      );
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0 && this.subscribed && !this.ended) {
        this.subscribed = false;
        this.latest = undefined;
        this.call('unsubscribe', {}).catch(() => {});
      }
    };
  }

  latestSnapshot(): Snapshot | undefined {
    return this.latest;
  }

  onClose(listener: () => void): void {
    if (this.ended) listener();
    else this.closeListeners.add(listener);
  }

  close(): Promise<void> {
    if (this.ended) return Promise.resolve();
    this.closing = true;
    return new Promise((resolve) => {
      this.closeListeners.add(resolve);
      this.socket.end();
      setTimeout(() => this.socket.destroy(), 500).unref();
    });
  }

  release(): void {
    if (this.ended) return;
    this.closing = true;
    this.socket.end();
    (this.socket as Partial<Socket>).unref?.();
  }

  /** One server line: a reply, a progress message or an event. */
  onLine(line: string): void {
    if (line.trim() === '') return;
    let message: Record<string, unknown>;
    try {
      message = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return; // a server never sends this; nothing sensible to do with it
    }
    if ('event' in message) {
      this.onEvent(message.event as WireEvent);
      return;
    }
    const pending = this.pending.get(message.id as RequestId);
    if (!pending) return;
    if ('progress' in message) {
      pending.onProgress?.(message.progress as ReloadProgress);
    } else if ('error' in message) {
      this.pending.delete(message.id as RequestId);
      pending.reject(fromWireError(message.error));
    } else if ('result' in message) {
      this.pending.delete(message.id as RequestId);
      pending.resolve(message.result);
    }
  }

  private onEvent(event: WireEvent): void {
    if (event.type === 'snapshot') {
      this.latest = event.snapshot;
      this.emit({ type: 'changed' });
    } else {
      this.emit(event);
    }
  }

  private emit(event: SupervisorEvent): void {
    for (const listener of [...this.listeners]) listener(event);
  }

  private call(method: string, params: Record<string, unknown>, onProgress?: (p: ReloadProgress) => void): Promise<unknown> {
    if (this.ended) return Promise.reject(this.lostError());
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress });
      this.socket.write(encodeLine({ id, method, params }));
    });
  }

  private onClosed(): void {
    if (this.ended) return;
    this.ended = true;
    const err = this.lostError();
    for (const pending of this.pending.values()) pending.reject(err);
    this.pending.clear();
    if (this.listeners.size > 0 && !this.closing) this.emit({ type: 'notice', level: 'error', message: err.message });
    for (const listener of this.closeListeners) listener();
    this.closeListeners.clear();
  }

  private lostError(): RuntimeError {
    const who = this.hello.kind === 'daemon' ? `the daemon of home ${this.hello.home}` : `clmon run (pid ${this.hello.pid})`;
    return new RuntimeError(`lost the connection to ${who} (${this.socketPath})`, { code: 'connection-lost' });
  }
}
