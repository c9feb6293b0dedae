// The fallback load generator, used when wrk is not installed: N concurrent request loops
// on 127.0.0.1 for a bounded time, counting exactly what a client sees. Runs as its own process
// (so it does not share an event loop with the orchestrator); SIGINT ends the run early.
// Prints one JSON object: {requests, non2xx, connectErrors, readErrors, writeErrors, timeouts, seconds, p99Ms}.
import http from 'node:http';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    connections: { type: 'string', default: '50' },
    duration: { type: 'string', default: '10' },
    timeout: { type: 'string', default: '2' },
    close: { type: 'boolean', default: false },
  },
});
const url = new URL(values.url);
if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) throw new Error(`load only goes to the loopback, not ${url.hostname}`);
const connections = Number(values.connections);
const durationMs = Number(values.duration) * 1000;
const timeoutMs = Number(values.timeout) * 1000;

// Latency histogram: 10 µs buckets up to 10 s (bounded memory whatever the request count).
const BUCKET_US = 10;
const histogram = new Uint32Array(1_000_000);
const counts = { requests: 0, non2xx: 0, connectErrors: 0, readErrors: 0, writeErrors: 0, timeouts: 0 };
const agent = values.close ? false : new http.Agent({ keepAlive: true, maxSockets: connections });
const headers = values.close ? { Connection: 'close' } : {};
let stopping = false;
const started = process.hrtime.bigint();

function oneRequest() {
  return new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    let settled = false;
    const finish = (kind) => {
      if (settled) return;
      settled = true;
      if (kind === 'ok') {
        const us = Number(process.hrtime.bigint() - t0) / 1000;
        histogram[Math.min(histogram.length - 1, Math.floor(us / BUCKET_US))] += 1;
      } else {
        counts[kind] += 1;
      }
      resolve();
    };
    const req = http.request(url, { agent, headers }, (res) => {
      res.on('data', () => {});
      res.on('end', () => {
        counts.requests += 1;
        if (res.statusCode < 200 || res.statusCode > 299) counts.non2xx += 1;
        finish('ok');
      });
      res.on('error', () => finish('readErrors'));
    });
    req.setTimeout(timeoutMs, () => {
      finish('timeouts');
      req.destroy();
    });
    req.on('error', (err) => finish(classify(err)));
    req.end();
  });
}

function classify(err) {
  if (err.code === 'ECONNREFUSED' || err.code === 'EADDRNOTAVAIL') return 'connectErrors';
  if (err.code === 'EPIPE') return 'writeErrors';
  return 'readErrors';
}

async function loop() {
  while (!stopping) await oneRequest();
}

function p99Ms() {
  const total = histogram.reduce((a, b) => a + b, 0);
  let seen = 0;
  for (let i = 0; i < histogram.length; i++) {
    seen += histogram[i];
    if (seen >= total * 0.99) return ((i + 1) * BUCKET_US) / 1000;
  }
  return NaN;
}

const timer = setTimeout(() => (stopping = true), durationMs);
process.on('SIGINT', () => (stopping = true));
await Promise.all(Array.from({ length: connections }, loop));
clearTimeout(timer);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
process.stdout.write(`${JSON.stringify({ ...counts, seconds, p99Ms: p99Ms() })}\n`);
if (agent) agent.destroy();
process.exit(0);
