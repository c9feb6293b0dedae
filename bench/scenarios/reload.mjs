// Scenario 2: reload under load. 2 workers with --wait-ready; a constant load (keep-alive, then
// a second pass with `Connection: close`) while 5 rolling reloads run back to back; the load
// stops 1 s after the last one. Counted as a client sees it: requests, non-2xx, connection
// errors (connect/read/write: refused or reset), timeouts (no answer within 2 s).
import { Clmon } from '../lib/clmon.mjs';
import { startLoad } from '../lib/load.mjs';
import { Pm2 } from '../lib/pm2.mjs';
import { sleep } from '../lib/proc.mjs';
import { waitOnline, waitServing } from '../lib/serving.mjs';
import { fmtSummary, summarize } from '../lib/stats.mjs';

const PORTS = { clmon: 29111, pm2: 29112 };
const RELOADS = 5;
const PASSES = [
  { id: 'keepalive', label: 'keep-alive', close: false },
  { id: 'close', label: 'Connection: close', close: true },
];

export const scenario = {
  id: 'reload',
  title: '2. Reload under load (2 workers, 5 reloads in a row)',
  ports: Object.values(PORTS),
  run,
};

async function run(ctx) {
  const systems = {
    clmon: { label: 'clmon', sys: new Clmon(ctx, 'reload'), command: 'clmon reload web' },
    pm2: { label: 'PM2', sys: new Pm2(ctx, 'reload'), command: 'pm2 reload web' },
  };
  for (const [name, { sys }] of Object.entries(systems)) {
    await sys.start(ctx.apps.http, 'web', { instances: 2, flags: ['--wait-ready'], env: { BENCH_PORT: String(PORTS[name]) } });
  }
  const results = {};
  for (const pass of PASSES) for (const name of Object.keys(systems)) results[`${pass.id}:${name}`] = [];

  for (let r = 0; r < ctx.runs; r++) {
    for (const pass of PASSES) {
      const order = r % 2 === 0 ? ['clmon', 'pm2'] : ['pm2', 'clmon'];
      for (const name of order) {
        const result = await onePass(ctx, systems[name].sys, `http://127.0.0.1:${PORTS[name]}/`, pass.close);
        results[`${pass.id}:${name}`].push(result);
        ctx.log(
          `  run ${r + 1}/${ctx.runs} ${pass.label.padEnd(17)} ${name.padEnd(5)} ${result.requests} requests, ${result.non2xx} non-2xx, ` +
            `${result.errors} conn errors, ${result.timeouts} timeouts, ${result.failedReloads} failed reloads, ${(result.reloadMs / 1000).toFixed(1)} s of reloads`,
        );
      }
    }
  }
  await Promise.all(Object.values(systems).map(({ sys }) => sys.dispose()));

  const s = (xs, f) => fmtSummary(summarize(xs.map(f)));
  const tables = PASSES.map((pass) => ({
    title: `${pass.label}, 50 connections`,
    headers: ['supervisor', 'load lasted (s)', 'requests', 'non-2xx', 'connection errors', 'timeouts', 'failed (all kinds)', 'runs with a failure', '5 reloads took (s)'],
    rows: Object.entries(systems).map(([name, { label }]) => {
      const xs = results[`${pass.id}:${name}`];
      return [
        label,
        fmtSummary(summarize(xs.map((x) => x.seconds)), 1),
        s(xs, (x) => x.requests),
        s(xs, (x) => x.non2xx),
        s(xs, (x) => x.errors),
        s(xs, (x) => x.timeouts),
        s(xs, failed),
        `${xs.filter((x) => failed(x) > 0).length}/${xs.length}`,
        fmtSummary(summarize(xs.map((x) => x.reloadMs / 1000)), 1),
      ];
    }),
  }));

  const clmonFailed = PASSES.flatMap((p) => results[`${p.id}:clmon`]).reduce((a, x) => a + failed(x), 0);
  const pm2Failed = PASSES.flatMap((p) => results[`${p.id}:pm2`]).reduce((a, x) => a + failed(x), 0);
  const failedReloads = Object.values(results).flat().reduce((a, x) => a + x.failedReloads, 0);
  const notes = [
    `Connection errors are the load generator's socket errors (connect + read + write): a reset or a refused connection. Both supervisors use their defaults otherwise (kill timeout 1600 ms, listen timeout 3000 ms); clmon's drain helper is on, as by default.`,
  ];
  if (failedReloads > 0) notes.push(`${failedReloads} reload command(s) exited non-zero (see the run log).`);
  return {
    description: `Both supervisors run the same app (\`process.send('ready')\` once listening, \`server.close()\` on SIGINT) with \`--wait-ready\`. The load (generator ${ctx.generator}, 50 connections, 2 s timeout) starts 1 s before the first reload and stops 1 s after the fifth; \`${systems.clmon.command}\` and \`${systems.pm2.command}\` run back to back.`,
    tables,
    notes,
    goals: [
      {
        goal: 'zero failed requests across reloads where PM2 fails some',
        result: `failed requests over all runs and both passes: clmon ${clmonFailed}, PM2 ${pm2Failed}`,
        met: clmonFailed === 0 && pm2Failed > 0,
      },
    ],
  };
}

function failed(x) {
  return x.non2xx + x.errors + x.timeouts;
}

async function onePass(ctx, sys, url, close) {
  await waitOnline(sys, 'web', 2);
  await waitServing(url, 2);
  const load = startLoad({ url, generator: ctx.generator, connections: 50, durationS: 180, close, timeoutS: 2 });
  await sleep(1000);
  const t0 = Date.now();
  let failedReloads = 0;
  for (let i = 0; i < RELOADS; i++) {
    try {
      await sys.reload('web');
    } catch (err) {
      failedReloads += 1;
      ctx.log(`  reload ${i + 1} failed: ${err.message}`);
    }
  }
  const reloadMs = Date.now() - t0;
  await sleep(1000);
  const result = await load.stop();
  return { ...result, failedReloads, reloadMs };
}
