// The drain helper (docs/supervision.md#reload), loaded into cluster workers by worker-helper.cts.
//
// Why: the app's own shutdown code (`server.close(cb)` + `closeIdleConnections()`,
// `closeAllConnections()`, `process.exit()`) resets every keep-alive connection a client is about
// to use. So the supervisor drains the worker BEFORE the app hears of its stop: on
// `{ clmon: 'drain' }` this module closes the listening handles of the app's HTTP(S) servers (in
// a cluster worker that takes it out of the primary's round-robin; IPC stays open), answers every
// further request with `Connection: close`, closes connections that stay idle for a grace period,
// and reports `{ clmon: 'drained' }` once no connection is left. Afterwards the app's own
// `close(cb)` on such a server succeeds quietly, and its `closeIdleConnections()` /
// `closeAllConnections()` cut no request in flight. An app that closes a server on its own gets
// the same gentle close.
//
// Nothing runs on the request path until a drain starts: servers are registered on `listen()`.
import http = require('node:http');
import https = require('node:https');
import net = require('node:net');
import type { Socket } from 'node:net';
import ipc = require('./helper-ipc.cjs');

/** How long a connection may stay idle once the drain started before it is closed. */
const GRACE_MS = Number(process.env.CLMON_DRAIN_GRACE_MS) || 500;
/** How often idle connections are looked for during a drain. */
const SWEEP_MS = Math.min(100, GRACE_MS);

type Server = http.Server;
// biome-ignore lint/suspicious/noExplicitAny: wraps http.Server methods of any signature
type AnyFn = (...args: any[]) => any;

interface Drain {
  startedAt: number;
  /** The server has no listening handle and no connection left. */
  done: boolean;
  /** The app called close(): 'close' events reach it again. Until then ours is held back. */
  appClosed: boolean;
  sweep: NodeJS.Timeout;
  onDone: (() => void)[];
}

/** Servers that called listen() and have not finished closing. */
const servers = new Set<Server>();
const drains = new WeakMap<Server, Drain>();
/** When a socket that was answering keep-alive at drain start finished that response. */
const idleSince = new WeakMap<Socket, number>();

const netClose = net.Server.prototype.close as AnyFn;
const baseCloseIdle = http.Server.prototype.closeIdleConnections as AnyFn;
const ownEmit = Symbol('clmon.emit');

/** Node's private list of an HTTP server's connections (each entry has `.socket`); undefined if absent. */
interface ConnectionsList {
  all(): { socket: Socket }[];
  idle(): { socket: Socket }[];
}
function connectionsOf(server: Server): ConnectionsList | undefined {
  const key = Object.getOwnPropertySymbols(server).find((s) => s.description === 'http.server.connections');
  const list = key ? (server as unknown as Record<symbol, unknown>)[key] : undefined;
  return list && typeof (list as ConnectionsList).idle === 'function' ? (list as ConnectionsList) : undefined;
}

function clearConnectionsCheck(server: Server): void {
  const key = Object.getOwnPropertySymbols(server).find((s) => s.description === 'http.server.connectionsCheckingInterval');
  if (key) clearInterval((server as unknown as Record<symbol, NodeJS.Timeout>)[key]);
}

interface ResponseInternals {
  shouldKeepAlive: boolean;
  headersSent: boolean;
  finished: boolean;
}
function responseOf(socket: Socket): (http.ServerResponse & ResponseInternals) | undefined {
  return (socket as unknown as { _httpMessage?: http.ServerResponse & ResponseInternals })._httpMessage ?? undefined;
}

/** A response still writing, or one that may yet say `Connection: close`. */
function closeAfterResponse(res: http.ServerResponse): void {
  // shouldKeepAlive is what the response writer reads to pick `Connection: close`; the server
  // then ends the socket once the response is out.
  (res as unknown as ResponseInternals).shouldKeepAlive = false;
  if (!res.headersSent) res.setHeader('Connection', 'close');
}

function onDrainRequest(_req: http.IncomingMessage, res: http.ServerResponse): void {
  closeAfterResponse(res);
}

/** Start draining `server` (idempotent): stop accepting, then let its connections end. */
function startDrain(server: Server): Drain {
  const existing = drains.get(server);
  if (existing) return existing;
  const drain: Drain = { startedAt: Date.now(), done: false, appClosed: false, sweep: setInterval(() => sweep(server, drain), SWEEP_MS), onDone: [] };
  drain.sweep.unref();
  drains.set(server, drain);
  holdClose(server, drain);
  server.prependListener('request', onDrainRequest);
  // Responses already under way: those that have not written their headers yet say
  // `Connection: close`; the others end their keep-alive and count as idle from then on.
  for (const { socket } of connectionsOf(server)?.all() ?? []) {
    const res = responseOf(socket);
    if (!res || res.finished) continue;
    if (!res.headersSent) closeAfterResponse(res);
    else if (res.shouldKeepAlive) res.once('finish', () => idleSince.set(socket, Date.now()));
  }
  // The listening handle only: in a cluster worker the primary takes this worker out of its
  // round-robin at once. 'close' comes once the last connection has ended.
  netClose.call(server);
  return drain;
}

/** Close connections that have had no request for GRACE_MS since the drain started. */
function sweep(server: Server, drain: Drain): void {
  const now = Date.now();
  if (now - drain.startedAt < GRACE_MS) return;
  const list = connectionsOf(server);
  if (!list) {
    baseCloseIdle.call(server);
    return;
  }
  for (const { socket } of list.idle()) {
    // A response still attached (even one that has ended but is not yet flushed), or bytes not
    // yet written: not idle. Node's own closeIdleConnections would cut a flushed-late response.
    if (responseOf(socket) || socket.writableLength > 0) continue;
    if (now - (idleSince.get(socket) ?? drain.startedAt) < GRACE_MS) continue;
    socket.destroy();
  }
}

/** The drain's own 'close' is held back until the app closes the server itself. */
function holdClose(server: Server, drain: Drain): void {
  const emit = server.emit as AnyFn;
  (server as unknown as Record<symbol, AnyFn>)[ownEmit] = emit;
  server.emit = function (this: Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event !== 'close') return emit.call(this, event, ...args);
    if (!drain.done) {
      drain.done = true;
      clearInterval(drain.sweep);
      clearConnectionsCheck(server);
      servers.delete(server);
      for (const fn of drain.onDone.splice(0)) fn();
    }
    return drain.appClosed ? emit.call(this, event, ...args) : false;
  } as typeof server.emit;
}

function whenDone(drain: Drain): Promise<void> {
  return drain.done ? Promise.resolve() : new Promise((resolve) => drain.onDone.push(resolve));
}

/** A server that listens again after a finished drain is an ordinary server again. */
function forgetDrain(server: Server): void {
  const drain = drains.get(server);
  if (!drain?.done) return;
  drains.delete(server);
  server.removeListener('request', onDrainRequest);
  const record = server as unknown as Record<string | symbol, unknown>;
  const captured = record[ownEmit];
  delete record[ownEmit];
  delete record.emit;
  if (record.emit !== captured) record.emit = captured;
}

/**
 * close(cb) of the app. On a server that listened: the gentle drain, and cb without
 * ERR_SERVER_NOT_RUNNING once it is over (also when the drain closed it before). Any other
 * server: Node's own close.
 */
function closeWith(base: AnyFn): AnyFn {
  return function (this: Server, ...args: unknown[]): Server {
    if (!servers.has(this) && !drains.has(this)) return base.apply(this, args);
    const drain = startDrain(this);
    drain.appClosed = true;
    const cb = args[0];
    if (typeof cb === 'function') this.once('close', () => (cb as () => void)());
    // 'close' already happened (held back, or the app closes twice): tell the app now, as Node would.
    if (drain.done) process.nextTick(() => this.emit('close'));
    return this;
  };
}

/** On a server being drained both only close what the drain closes: no request in flight is cut. */
function gentle(base: AnyFn): AnyFn {
  return function (this: Server): void {
    const drain = drains.get(this);
    if (!drain) return base.call(this);
    sweep(this, drain);
  };
}

/** Registers the server for a later drain, then listens as before (whatever listen was there). */
function listenWith(base: AnyFn): AnyFn {
  return function (this: Server, ...args: unknown[]): Server {
    forgetDrain(this);
    servers.add(this);
    return base.apply(this, args);
  };
}

for (const proto of [http.Server.prototype, https.Server.prototype] as unknown as Record<string, AnyFn>[]) {
  proto.listen = listenWith(proto.listen!);
  proto.close = closeWith(proto.close!);
  proto.closeIdleConnections = gentle(proto.closeIdleConnections!);
  proto.closeAllConnections = gentle(proto.closeAllConnections!);
}

ipc.onCommand('drain', () => {
  // Until the supervisor goes on with the stop (docs/supervision.md#stopping), an app with nothing left to do must still
  // be there to hear it: the channel keeps the process alive again.
  (process as unknown as { channel?: { ref(): void } }).channel?.ref();
  const pending = [...servers].map((server) => whenDone(startDrain(server)));
  void Promise.all(pending).then(() => ipc.report('drained'));
});
