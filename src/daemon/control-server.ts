// The control socket of a supervisor (docs/protocol.md): a unix socket, mode 0600 in the home's 0700
// sockets directory, serving the Controller to local clients (docs/protocol.md).
import { encodeLine } from './protocol/messages.js';
import { chmodSync, statSync, unlinkSync } from 'node:fs';
import { makeDirs } from '../make-dirs.js';
import { createServer, type Server } from 'node:net';
import { dirname } from 'node:path';
import { RuntimeError } from '../errors.js';
import { ensureHome } from '../home.js';
import type { Controller } from '../model/controller.js';
import type { SupervisorKind } from './protocol/messages.js';
import { ServerConnection } from './server-connection.js';
import { probeSocket } from './socket-probe.js';

/** Connections served at once; more are answered with an error and closed. */
export const MAX_CONNECTIONS = 64;

export interface ControlServerOptions {
  socketPath: string;
  kind: SupervisorKind;
  home: string;
  /** `kill` requests (daemon only): stop every app; the caller exits after the reply is out. */
  onKill?: () => Promise<void>;
  /** Where internal failures are reported (default stderr). */
  log?: (message: string) => void;
  /** The `--metrics` endpoint's address, told in the hello (docs/supervision.md#metrics-endpoint). */
  metrics?: string;
}

export interface ControlServer {
  close(): Promise<void>;
}

/** Listen on the socket; a stale file is removed first, a live supervisor there is an error. */
export async function serveControlSocket(controller: Controller, opts: ControlServerOptions): Promise<ControlServer> {
  ensureHome(opts.home);
  makeDirs(dirname(opts.socketPath), 0o700);
  await removeStaleSocket(opts.socketPath);

  const log = opts.log ?? ((message: string) => process.stderr.write(`clmon: control socket: ${message}\n`));
  const connections = new Set<ServerConnection>();
  const server = createServer((socket) => {
    // Bounded: a client that opens connections in a loop gets an error reply, not our memory.
    if (connections.size >= MAX_CONNECTIONS) {
      socket.on('error', () => {});
      socket.end(encodeLine({ id: null, error: { code: 'runtime', message: `too many connections (${MAX_CONNECTIONS}); try again later` } }));
      return;
    }
    const connection = new ServerConnection(socket, { controller, kind: opts.kind, home: opts.home, onKill: opts.onKill, log, metrics: opts.metrics });
    connections.add(connection);
    socket.once('close', () => connections.delete(connection));
  });
  await listen(server, opts.socketPath);
  server.on('error', (err) => log(`server error: ${err.message}`));
  chmodSync(opts.socketPath, 0o600);
  const inode = statSync(opts.socketPath).ino;

  let closing: Promise<void> | undefined;
  return {
    close: () =>
      (closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        await Promise.all([...connections].map((c) => c.end()));
        await stopped;
        removeIfOurs(opts.socketPath, inode);
      })()),
  };
}

async function removeStaleSocket(path: string): Promise<void> {
  const state = await probeSocket(path);
  if (state === 'alive') {
    throw new RuntimeError(`another clmon supervisor already answers on ${path}; use it (clmon attach --socket ${path}) or stop it first`);
  }
  if (state === 'stale') {
    try {
      unlinkSync(path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
}

function listen(server: Server, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void => {
      reject(err.code === 'EADDRINUSE' ? new RuntimeError(`another clmon supervisor took ${path} at the same moment; try again`) : err);
    };
    server.once('error', onError);
    server.listen(path, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

/** libuv usually unlinks the socket on close; make sure, but never remove a successor's file. */
function removeIfOurs(path: string, inode: number): void {
  try {
    if (statSync(path).ino === inode) unlinkSync(path);
  } catch {
    // already gone
  }
}
