// Request/reply calls to PM2's rpc.sock (axon req/rep with axon-rpc on top). A request is the
// message [{type: 'call', method, args}, id]; the reply is [{args} | {error}, id], matched by id.
import { connectAxon, type AxonConnection } from './axon-connection.js';

export interface RpcClient {
  /** Call a daemon method; resolves with its result (the first reply argument). */
  call<T = unknown>(method: string, args: unknown[], timeoutMs?: number): Promise<T>;
  /** Called once when the connection is lost or closed. */
  onClose(listener: (reason: string) => void): void;
  readonly closed: boolean;
  close(): void;
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

const DEFAULT_CALL_TIMEOUT_MS = 30_000;

/** Connect to an rpc.sock; rejects as connectAxon does. */
export async function connectRpc(path: string, connectTimeoutMs: number): Promise<RpcClient> {
  return rpcClient(await connectAxon(path, connectTimeoutMs));
}

function rpcClient(conn: AxonConnection): RpcClient {
  const pending = new Map<string, Pending>();
  const identity = `clmon-${process.pid}`;
  let nextId = 0;
  let closed = false;
  conn.onMessage((values) => {
    const id = values[values.length - 1];
    const entry = typeof id === 'string' ? pending.get(id) : undefined;
    if (!entry) return;
    pending.delete(id as string);
    clearTimeout(entry.timer);
    const reply = values[0] as { args?: unknown[]; error?: unknown } | null;
    if (reply && typeof reply === 'object' && 'error' in reply) entry.reject(new Error(String(reply.error)));
    else entry.resolve(reply?.args?.[0]);
  });
  conn.onClose((reason) => {
    closed = true;
    for (const entry of pending.values()) {
      clearTimeout(entry.timer);
      entry.reject(new Error(`the PM2 daemon connection was lost (${reason})`));
    }
    pending.clear();
  });
  return {
    get closed() {
      return closed;
    },
    call<T>(method: string, args: unknown[], timeoutMs = DEFAULT_CALL_TIMEOUT_MS): Promise<T> {
      if (closed) return Promise.reject(new Error('the PM2 daemon connection is closed'));
      const id = `${identity}:${nextId++}`;
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`PM2 did not answer ${method} within ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject, timer });
        conn.send([{ type: 'call', method, args }, id]);
      });
    },
    onClose(listener) {
      conn.onClose(listener);
    },
    close() {
      conn.close();
    },
  };
}
