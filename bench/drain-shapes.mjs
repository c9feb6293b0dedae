#!/usr/bin/env node
// `node bench/drain-shapes.mjs [--reloads 3] [--connections 50] [--close] [--shapes a,b] [--drain on,off]`: failed requests per
// app shape of docs/supervision.md#reload (test/fixtures/drain-app.cjs: listen, close-idle, close-all, exit-soon,
// ready) with clmon's drain on and off, under constant load (wrk, or the bundled Node generator),
// with how long each reload and each old worker's stop took. It drives the built supervisor
// (dist/) in-process with 2 cluster workers per shape; a figure for the note, not a
// scenario of the full benchmark (which compares with PM2, see scenarios/reload.mjs).
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runCleanup } from './lib/cleanup.mjs';
import { detectGenerator, startLoad } from './lib/load.mjs';
import { sleep, waitFor } from './lib/proc.mjs';
import { markdownTable } from './lib/table.mjs';
import { fmtSummary, summarize } from './lib/stats.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: {
    reloads: { type: 'string', default: '3' },
    connections: { type: 'string', default: '50' },
    close: { type: 'boolean', default: false },
    shapes: { type: 'string', default: 'listen,close-idle,close-all,exit-soon,ready' },
    drain: { type: 'string', default: 'on,off' },
  },
});
const RELOADS = Number(values.reloads);
const CONNECTIONS = Number(values.connections);
const SHAPES = values.shapes.split(',');
const DRAIN = values.drain.split(',').map((v) => v === 'on');
const generator = detectGenerator();
const { Supervisor } = await import(join(root, 'dist/supervisor/supervisor.js'));
const { loadApps } = await import(join(root, 'dist/config/load-apps.js'));

const rows = [];
for (const shape of SHAPES) {
  for (const drain of DRAIN) {
    const r = await measure(shape, drain);
    rows.push([
      shape,
      drain ? 'on' : 'off',
      String(r.load.requests),
      String(r.load.non2xx),
      `${r.load.errors} (connect ${r.load.connectErrors}, read ${r.load.readErrors}, write ${r.load.writeErrors})`,
      String(r.load.timeouts),
      String(r.load.non2xx + r.load.errors + r.load.timeouts),
      fmtSummary(summarize(r.reloadMs), 0),
      fmtSummary(summarize(r.stopMs), 0),
    ]);
    console.log(`${shape} drain ${drain ? 'on' : 'off'}: ${rows.at(-1).slice(2).join(' | ')}`);
  }
}
console.log(`\n${generator}, ${CONNECTIONS} ${values.close ? 'Connection: close' : 'keep-alive'} connections, ${RELOADS} reloads of 2 workers per row\n`);
console.log(
  markdownTable(['app shape', 'drain', 'requests', 'non-2xx', 'connection errors', 'timeouts', 'failed', 'one reload (ms)', 'old worker stop (ms)'], rows),
);
await runCleanup(process.env.CLMON_BENCH_TOKEN ?? 'none', () => {});

async function measure(shape, drain) {
  const home = mkdtempSync(join(tmpdir(), 'clmon-shapes-'));
  const port = await freePort();
  const sup = new Supervisor({ home, source: 'run' });
  try {
    const { apps } = await loadApps(join(root, 'test/fixtures/drain-app.cjs'), {
      cwd: root,
      overrides: { name: 'web', instances: '2', exec_mode: 'cluster', ...(drain ? {} : { drain: false }), ...(shape === 'ready' ? { wait_ready: true } : {}) },
      baseEnv: { ...process.env, PORT: String(port), APP_SHAPE: shape },
    });
    await sup.start(apps);
    const url = `http://127.0.0.1:${port}/`;
    await waitFor(async () => (await fetch(url)).status === 200, { what: `${url} answering` });
    const load = startLoad({ url, generator, connections: CONNECTIONS, durationS: 300, close: values.close, timeoutS: 2 });
    await sleep(1000);
    const reloadMs = [];
    const stopMs = [];
    for (let i = 0; i < RELOADS; i++) {
      const t0 = Date.now();
      const stopping = new Map();
      const result = await sup.reload('web', (p) => {
        if (p.phase === 'stopping-old') stopping.set(p.id, Date.now());
        if (p.phase === 'done' && stopping.has(p.id)) stopMs.push(Date.now() - stopping.get(p.id));
      });
      if (!result.ok) throw new Error(`reload failed: ${result.error}`);
      reloadMs.push(Date.now() - t0);
    }
    await sleep(500);
    return { load: await load.stop(), reloadMs, stopMs };
  } finally {
    await sup.shutdown();
    rmSync(home, { recursive: true, force: true });
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}
