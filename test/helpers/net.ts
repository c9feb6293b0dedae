// Ports and HTTP load on 127.0.0.1 for the supervisor's tests.
import http from 'node:http';
import net from 'node:net';

/** A port that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** One GET; resolves with the status and the parsed JSON body (our fixture servers answer JSON). */
export function get(port: number, agent?: http.Agent): Promise<{ status: number; body: { pid: number; slot: number } }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/', agent: agent ?? false, timeout: 10_000 }, (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (data += chunk));
      res.on('end', () => {
        try {
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(data) });
        } catch (err) {
          reject(err);
        }
      });
    });
    req.on('timeout', () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
  });
}

/** How a request failed, as a client sees it. */
export type FailureKind = 'reset' | 'hang-up' | 'refused' | '5xx' | 'other-status' | 'timeout' | 'other';

export interface LoadResult {
  ok: number;
  failed: number;
  /** failed, by kind */
  kinds: Partial<Record<FailureKind, number>>;
  /** The first 20 failures, as text. */
  errors: string[];
  pids: Set<number>;
}

function failureKind(err: unknown): FailureKind {
  const code = (err as NodeJS.ErrnoException).code;
  const message = String((err as Error).message ?? err);
  if (code === 'ECONNRESET' && /socket hang up/.test(message)) return 'hang-up';
  if (code === 'ECONNRESET' || code === 'EPIPE') return 'reset';
  if (code === 'ECONNREFUSED') return 'refused';
  if (/timed out/.test(message)) return 'timeout';
  return 'other';
}

/**
 * Constant load with `clients` concurrent keep-alive connections until stop() is called
 * (`keepAlive: false`: a new connection for every request). Every request must get a 2xx answer;
 * anything else (reset, socket hang-up, refused, 5xx, timeout, a body that is not ours) counts as
 * failed, by kind.
 */
export function keepAliveLoad(port: number, clients: number, { keepAlive = true } = {}): { stop: () => Promise<LoadResult> } {
  const agent = new http.Agent({ keepAlive, maxSockets: clients });
  const result: LoadResult = { ok: 0, failed: 0, kinds: {}, errors: [], pids: new Set() };
  const fail = (kind: FailureKind, text: string): void => {
    result.failed++;
    result.kinds[kind] = (result.kinds[kind] ?? 0) + 1;
    if (result.errors.length < 20) result.errors.push(`${kind}: ${text}`);
  };
  let running = true;
  const loops = Array.from({ length: clients }, async () => {
    while (running) {
      try {
        const { status, body } = await get(port, agent);
        if (status >= 200 && status < 300 && typeof body.pid === 'number') {
          result.ok++;
          result.pids.add(body.pid);
        } else {
          fail(status >= 500 ? '5xx' : 'other-status', `status ${status}`);
        }
      } catch (err) {
        fail(failureKind(err), String(err));
      }
    }
  });
  return {
    async stop() {
      running = false;
      await Promise.all(loops);
      agent.destroy();
      return result;
    },
  };
}
