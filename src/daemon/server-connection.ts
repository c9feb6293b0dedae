// One client of the control socket: the hello handshake, then requests dispatched concurrently
// (a long reload never blocks a snapshot). Nothing a client sends can throw out of here: bad
// input gets an error reply, an oversized line or a reader that stops reading gets disconnected.
import type { Duplex } from 'node:stream';
import { messageOf, stackOf, UserError } from '../errors.js';
import { CLMON_VERSION } from '../version.js';
import type { Controller } from '../model/controller.js';
import { callMethod, type CallContext } from './methods.js';
import { boolParam, intParam, type Params } from './params.js';
import { LineReader } from './protocol/line-reader.js';
import {
  encodeLine,
  MAX_BUFFERED_BYTES,
  MAX_REQUEST_BYTES,
  PROTOCOL_NAME,
  PROTOCOL_VERSION,
  type RequestId,
  type ServerMessage,
  type SupervisorKind,
  type WireErrorCode,
} from './protocol/messages.js';
import { ProtocolError, toWireError } from './protocol/wire-errors.js';
import { Subscription } from './subscription.js';

export interface ConnectionContext {
  controller: Controller;
  kind: SupervisorKind;
  home: string;
  /** Stop every app; the daemon exits after the reply (daemon only). */
  onKill?: () => Promise<void>;
  /** Internal failures worth a line in the supervisor's own log. */
  log: (message: string) => void;
  /** Extra hello fields (`clmon serve --stdio` says how many supervisors it serves). */
  hello?: { pid?: number; supervisors?: number };
  /** Where its `--metrics` endpoint listens (docs/supervision.md#metrics-endpoint), for the hello; none: null. */
  metrics?: string;
}

const HELLO_HINT = `send {"hello":"${PROTOCOL_NAME}","version":${PROTOCOL_VERSION}} first`;

/** A client that sends no hello within this time is closed (it holds a connection slot). */
export const HELLO_TIMEOUT_MS = 10_000;
/** Requests of one connection handled at once; further lines wait (reading pauses meanwhile). */
export const MAX_IN_FLIGHT = 32;

export class ServerConnection {
  private readonly reader = new LineReader(MAX_REQUEST_BYTES);
  private greeted = false;
  private inFlight = 0;
  private readonly waiting: string[] = [];
  private readonly helloTimer: NodeJS.Timeout;
  private subscription: Subscription | undefined;
  private closed = false;

  constructor(
    private readonly socket: Duplex,
    private readonly ctx: ConnectionContext,
  ) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', () => {}); // a vanished peer (EPIPE, ECONNRESET) is just a close
    socket.on('close', () => this.dispose());
    this.helloTimer = setTimeout(() => {
      this.reply(null, 'protocol', `no hello within ${HELLO_TIMEOUT_MS / 1000} s; closing the connection`);
      this.closed = true;
      void this.end();
    }, HELLO_TIMEOUT_MS);
    this.helloTimer.unref();
  }

  /** Flush what is queued, then close; destroy if the peer does not let go in time. */
  end(): Promise<void> {
    if (this.socket.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      const force = setTimeout(() => this.socket.destroy(), 1000);
      this.socket.once('close', () => {
        clearTimeout(force);
        resolve();
      });
      this.socket.end();
    });
  }

  private onData(chunk: Buffer): void {
    if (this.closed) return;
    const { lines, overflow } = this.reader.push(chunk);
    this.waiting.push(...lines);
    this.takeWaiting();
    if (overflow) {
      this.reply(null, 'protocol', `message longer than ${MAX_REQUEST_BYTES} bytes; closing the connection`);
      this.closed = true;
      void this.end();
    }
  }

  /** Handle waiting lines while fewer than MAX_IN_FLIGHT requests run; pause reading otherwise. */
  private takeWaiting(): void {
    while (this.waiting.length > 0 && this.inFlight < MAX_IN_FLIGHT && !this.closed) this.onLine(this.waiting.shift()!);
    if (this.waiting.length > 0) this.socket.pause();
    else this.socket.resume();
  }

  private onLine(line: string): void {
    if (this.closed || line.trim() === '') return;
    let message: unknown;
    try {
      message = JSON.parse(line);
    } catch (err) {
      this.reply(null, 'protocol', `malformed JSON (${messageOf(err)}); each line must be one JSON object`);
      return;
    }
    if (typeof message !== 'object' || message === null || Array.isArray(message)) {
      this.reply(null, 'protocol', 'each line must be one JSON object');
      return;
    }
    if (!this.greeted) this.onHello(message as Record<string, unknown>);
    else this.onRequest(message as Record<string, unknown>);
  }

  private onHello(message: Record<string, unknown>): void {
    const id = requestId(message.id);
    if (message.hello !== PROTOCOL_NAME) {
      this.reply(id, 'protocol', `expected a hello before any request: ${HELLO_HINT}`);
      return;
    }
    if (message.version !== PROTOCOL_VERSION) {
      const theirs = typeof message.clmon === 'string' ? ` (clmon ${message.clmon.slice(0, 40)})` : '';
      const text = `protocol version ${JSON.stringify(message.version)}${theirs} is not supported; this supervisor (clmon ${CLMON_VERSION}) speaks version ${PROTOCOL_VERSION}`;
      this.write({ id, error: { code: 'protocol', message: text, version: PROTOCOL_VERSION, clmon: CLMON_VERSION } });
      return;
    }
    this.greeted = true;
    clearTimeout(this.helloTimer);
    const { kind, home } = this.ctx;
    this.write({
      hello: PROTOCOL_NAME,
      version: PROTOCOL_VERSION,
      clmon: CLMON_VERSION,
      kind,
      pid: process.pid,
      home,
      metrics: this.ctx.metrics ?? null,
      ...this.ctx.hello,
    });
  }

  private onRequest(message: Record<string, unknown>): void {
    const id = requestId(message.id);
    if (id === null) {
      this.reply(null, 'protocol', 'a request needs an "id" (a number or a string)');
      return;
    }
    if (typeof message.method !== 'string') {
      this.reply(id, 'protocol', 'a request needs a "method" (a string)');
      return;
    }
    const params = message.params ?? {};
    if (typeof params !== 'object' || params === null || Array.isArray(params)) {
      this.reply(id, 'protocol', '"params" must be an object');
      return;
    }
    void this.dispatch(id, message.method, params as Params);
  }

  private async dispatch(id: RequestId, method: string, params: Params): Promise<void> {
    this.inFlight++;
    try {
      await this.handle(id, method, params);
    } finally {
      this.inFlight--;
      this.takeWaiting();
    }
  }

  private async handle(id: RequestId, method: string, params: Params): Promise<void> {
    const call: CallContext = {
      controller: this.ctx.controller,
      progress: (progress) => this.write({ id, progress }),
      subscribe: (p) => this.subscribe(p),
      unsubscribe: () => this.unsubscribe(),
      kill: () => this.kill(),
    };
    try {
      const result = await callMethod(call, method, params);
      this.write({ id, result: result ?? null });
      if (method === 'subscribe') this.subscription?.activate();
    } catch (err) {
      const wire = toWireError(err);
      if (wire.code === 'runtime' && !(err instanceof ProtocolError) && wire.message.startsWith('internal error')) {
        this.ctx.log(`${method} failed: ${stackOf(err)}`);
      }
      this.write({ id, error: wire });
    }
  }

  private async subscribe(params: Params): Promise<unknown> {
    if (this.subscription) throw new ProtocolError('this connection is already subscribed');
    const logLines = intParam(params, 'logLines', 100, 0, 10_000);
    const subscription = new Subscription(this.ctx.controller, (event) => this.write({ event }), {
      snapshots: boolParam(params, 'snapshots', true),
      // Detailed snapshots are big (exit records, stderr tails): only for a client that asks.
      detail: boolParam(params, 'detail', false),
    });
    this.subscription = subscription;
    try {
      return await subscription.start(logLines);
    } catch (err) {
      this.unsubscribe();
      throw err;
    }
  }

  private unsubscribe(): void {
    this.subscription?.close();
    this.subscription = undefined;
  }

  private async kill(): Promise<void> {
    if (this.ctx.kind !== 'daemon' || !this.ctx.onKill) {
      throw new UserError('kill is only for the daemon; a `clmon run` stops with q or Ctrl-C in its terminal (or SIGTERM)');
    }
    await this.ctx.onKill();
  }

  private reply(id: RequestId | null, code: WireErrorCode, message: string): void {
    this.write({ id, error: { code, message } });
  }

  /** Write one message, or drop a peer that stopped reading (bounded memory per connection). */
  private write(message: ServerMessage): void {
    if (this.socket.destroyed || !this.socket.writable) return;
    if (this.socket.writableLength > MAX_BUFFERED_BYTES) {
      this.ctx.log(`a client stopped reading (${this.socket.writableLength} bytes queued): disconnected`);
      this.socket.destroy();
      return;
    }
    this.socket.write(encodeLine(message));
  }

  private dispose(): void {
    this.closed = true;
    clearTimeout(this.helloTimer);
    this.waiting.length = 0;
    this.unsubscribe();
  }
}

function requestId(value: unknown): RequestId | null {
  return typeof value === 'number' || (typeof value === 'string' && value !== '') ? value : null;
}
