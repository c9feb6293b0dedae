// The opt-in HTTP endpoint of `--metrics [host:]port` (docs/supervision.md#metrics-endpoint): GET /metrics (Prometheus
// text), /healthz and /readyz, nothing else. Every figure comes from the supervisor's snapshot
// in memory: a scrape never waits on a worker.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { messageOf, UserError } from '../errors.js';
import type { Controller } from '../model/controller.js';
import { formatMetricsAddress, type MetricsAddress } from './metrics-address.js';
import { metricFamilies } from './metric-families.js';
import { writeExposition } from './prometheus-text.js';
import { notReadyApps } from './readiness.js';

export interface MetricsServer {
  /** Where it listens, as written on the command line (`127.0.0.1:9100`). */
  readonly address: string;
  close(): Promise<void>;
}

const PROMETHEUS_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** Listen on `address`; a taken port or an address that is not ours is a UserError naming it. */
export async function serveMetrics(controller: Pick<Controller, 'snapshot'>, address: MetricsAddress): Promise<MetricsServer> {
  const server = createServer((req, res) => void handle(controller, req, res));
  server.keepAliveTimeout = 5_000;
  server.headersTimeout = 10_000;
  server.requestTimeout = 10_000;
  await listen(server, address);
  server.on('error', () => {}); // after listening, a socket error concerns one client only
  return {
    address: formatMetricsAddress(address),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function handle(controller: Pick<Controller, 'snapshot'>, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const path = (req.url ?? '/').split('?')[0];
    const known = path === '/metrics' || path === '/healthz' || path === '/readyz';
    if (!known) return send(res, 404, 'text/plain; charset=utf-8', 'not found: clmon serves /metrics, /healthz and /readyz\n');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return send(res, 405, 'text/plain; charset=utf-8', 'method not allowed: use GET\n');
    }
    if (path === '/healthz') return send(res, 200, 'application/json', '{"status":"ok"}\n');
    const snapshot = await controller.snapshot(false);
    if (path === '/metrics') return send(res, 200, PROMETHEUS_TYPE, writeExposition(metricFamilies(snapshot)));
    const notReady = notReadyApps(snapshot);
    if (notReady.length === 0) return send(res, 200, 'application/json', '{"ready":true}\n');
    send(res, 503, 'application/json', `${JSON.stringify({ ready: false, notReady })}\n`);
  } catch (err) {
    send(res, 500, 'text/plain; charset=utf-8', `internal error: ${messageOf(err)}\n`);
  }
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store' });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

function listen(server: Server, address: MetricsAddress): Promise<void> {
  const where = formatMetricsAddress(address);
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') reject(new UserError(`--metrics ${where}: port ${address.port} is already in use on ${address.host}; pick another port`));
      else if (err.code === 'EACCES')
        reject(
          new UserError(`--metrics ${where}: not allowed to listen on port ${address.port} (ports below 1024 need privileges); pick a port of 1024 or more`),
        );
      else if (err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN')
        reject(new UserError(`--metrics ${where}: ${address.host} is not an address of this machine; use 127.0.0.1, 0.0.0.0 or one of its addresses`));
      else reject(err);
    });
    server.listen(address.port, address.host, () => resolve());
  });
}
