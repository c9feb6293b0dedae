// The connection to one PM2 daemon: rpc.sock for calls, pub.sock for events. It only connects to
// sockets that exist: clmon never starts a PM2 daemon (docs/cli.md#where-a-command-looks; PM2's own connect() does).
import { lstat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { messageOf, RuntimeError } from '../../errors.js';
import { connectAxon, type AxonConnection } from './axon-connection.js';
import { connectRpc, type RpcClient } from './rpc-client.js';

const CONNECT_TIMEOUT_MS = 3000;
const HELLO_TIMEOUT_MS = 5000;
const START_HINT = 'start one with `pm2 start app.js -i 2` (clmon never starts a PM2 daemon), or set PM2_HOME to the home of the running daemon';

/** `--pm2` home: the option, else env PM2_HOME, else ~/.pm2 (as PM2 resolves it). */
export function resolvePm2Home(option?: string): string {
  return resolve(option ?? process.env.PM2_HOME ?? join(homedir(), '.pm2'));
}

export type PubListener = (topic: string, data: unknown) => void;

export interface Pm2Link {
  readonly home: string;
  readonly rpcPath: string;
  /** Whether rpc.sock is connected now. */
  readonly connected: boolean;
  /** Whether pub.sock (live logs and events) is connected. */
  readonly subscribed: boolean;
  call<T>(method: string, args: unknown[], timeoutMs?: number): Promise<T>;
  /** Try to connect again after a loss; false while no daemon answers. Never starts one. */
  reconnect(): Promise<boolean>;
  close(): void;
}

/** Connect to the daemon of a PM2 home; a RuntimeError that says where it looked if none answers. */
export async function openPm2Link(home: string, onPub: PubListener, onLost: (reason: string) => void): Promise<Pm2Link> {
  const rpcPath = join(home, 'rpc.sock');
  const pubPath = join(home, 'pub.sock');
  let rpc = await connectChecked(home, rpcPath);
  let sub: AxonConnection | null = await subscribe(pubPath, onPub);
  let closed = false;
  const watch = (client: RpcClient): void =>
    client.onClose((reason) => {
      if (!closed && client === rpc) onLost(reason);
    });
  watch(rpc);
  return {
    home,
    rpcPath,
    get connected() {
      return !rpc.closed;
    },
    get subscribed() {
      return sub !== null;
    },
    call<T>(method: string, args: unknown[], timeoutMs?: number): Promise<T> {
      if (rpc.closed) return Promise.reject(new RuntimeError(`not connected to the PM2 daemon at ${rpcPath}: ${START_HINT}`));
      return rpc.call<T>(method, args, timeoutMs);
    },
    async reconnect() {
      if (closed) return false;
      if (!rpc.closed) return true;
      try {
        const next = await connectChecked(home, rpcPath);
        if (closed) {
          next.close();
          return false;
        }
        rpc = next;
        watch(rpc);
        sub?.close();
        sub = await subscribe(pubPath, onPub);
        return true;
      } catch {
        return false;
      }
    },
    close() {
      closed = true;
      rpc.close();
      sub?.close();
    },
  };
}

/** Connect and make one call, so that a stale socket file or a hung daemon fails here. */
async function connectChecked(home: string, rpcPath: string): Promise<RpcClient> {
  const where = `PM2_HOME=${home}, socket ${rpcPath}`;
  try {
    await lstat(rpcPath);
  } catch {
    throw new RuntimeError(`no PM2 daemon is running (${where} does not exist): ${START_HINT}`);
  }
  let rpc: RpcClient;
  try {
    rpc = await connectRpc(rpcPath, CONNECT_TIMEOUT_MS);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const guess = code === 'ECONNREFUSED' ? '; a stale socket from a daemon that died?' : code === 'EACCES' ? '; a daemon of another user?' : '';
    throw new RuntimeError(`no PM2 daemon answers (${where}: ${code ?? messageOf(err)}${guess}): ${START_HINT}`);
  }
  try {
    await rpc.call('getMonitorData', [{}], HELLO_TIMEOUT_MS);
  } catch (err) {
    rpc.close();
    throw new RuntimeError(`the PM2 daemon does not answer (${where}: ${messageOf(err)}): ${START_HINT}`);
  }
  return rpc;
}

/** pub.sock carries [topic, data] messages; a daemon without one just gives no live logs. */
async function subscribe(pubPath: string, onPub: PubListener): Promise<AxonConnection | null> {
  let conn: AxonConnection;
  try {
    conn = await connectAxon(pubPath, CONNECT_TIMEOUT_MS);
  } catch {
    return null;
  }
  conn.onMessage((values) => {
    if (typeof values[0] === 'string') onPub(values[0], values[1]);
  });
  return conn;
}
