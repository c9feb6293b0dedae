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

export interface LoadResult {
  ok: number;
  failed: number;
  errors: string[];
  pids: Set<number>;
}

/**
 * Constant load with `clients` concurrent keep-alive connections until stop() is called.
 * Every request must get a 2xx answer; anything else (reset, 5xx, timeout) counts as failed.
 */
export function keepAliveLoad(port: number, clients: number): { stop: () => Promise<LoadResult> } {
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  const result: LoadResult = { ok: 0, failed: 0, errors: [], pids: new Set() };
  let running = true;
  const loops = Array.from({ length: clients }, async () => {
    while (running) {
      try {
        const { status, body } = await get(port, agent);
        if (status >= 200 && status < 300) {
          result.ok++;
          result.pids.add(body.pid);
        } else {
          result.failed++;
          result.errors.push(`status ${status}`);
        }
      } catch (err) {
        result.failed++;
        if (result.errors.length < 20) result.errors.push(String(err));
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
