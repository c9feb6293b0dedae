// Scenario 2: reload under load, for two app shapes: an unmodified server (only `listen`) and
// one with the graceful handler PM2's docs teach (`server.close(cb)` + `closeIdleConnections()`
// on 'shutdown'/SIGINT, exit in the callback). 2 workers each; a constant load (keep-alive, then
// a second pass with `Connection: close`) while 5 rolling reloads run back to back; the load
// stops 1 s after the last one. Counted as a client sees it: requests, non-2xx, connection
// errors (connect/read/write: refused or reset), timeouts (no answer within 2 s).
import { Clmon } from '../lib/clmon.mjs';
import { startLoad } from '../lib/load.mjs';
import { Pm2 } from '../lib/pm2.mjs';
import { sleep } from '../lib/proc.mjs';
import { waitOnline, waitServing } from '../lib/serving.mjs';
import { fmtSummary, summarize } from '../lib/stats.mjs';

const PORTS = { 'clmon:listen': 29111, 'pm2:listen': 29112, 'clmon:graceful': 29113, 'pm2:graceful': 29114 };
const RELOADS = 5;
const CONNECTIONS = 50;
const PASSES = [
  { id: 'keepalive', label: 'keep-alive', close: false },
  { id: 'close', label: 'Connection: close', close: true },
];
const APPS = [
  { id: 'listen', label: 'unmodified (only `listen`)', script: (ctx) => ctx.apps.listenOnly },
  { id: 'graceful', label: 'graceful handler (`close` + `closeIdleConnections`)', script: (ctx) => ctx.apps.graceful },
];

export const scenario = {
  id: 'reload',
  title: '2. Reload under load (2 workers, 5 reloads in a row, two app shapes)',
  ports: Object.values(PORTS),
  run,
};

async function run(ctx) {
  const systems = {
    clmon: { label: 'clmon', sys: new Clmon(ctx, 'reload') },
    pm2: { label: 'PM2', sys: new Pm2(ctx, 'reload') },
  };
  // one daemon per supervisor, both app shapes in it, each on its own port
  for (const [name, { sys }] of Object.entries(systems)) {
    for (const app of APPS) {
      await sys.start(app.script(ctx), appName(app), { instances: 2, env: { BENCH_PORT: String(PORTS[`${name}:${app.id}`]) } });
    }
  }
  const key = (pass, app, name) => `${pass.id}:${app.id}:${name}`;
  const results = {};
  for (const pass of PASSES) for (const app of APPS) for (const name of Object.keys(systems)) results[key(pass, app, name)] = [];

  for (let r = 0; r < ctx.runs; r++) {
    for (const pass of PASSES) {
      for (const app of APPS) {
        const order = r % 2 === 0 ? ['clmon', 'pm2'] : ['pm2', 'clmon'];
        for (const name of order) {
          const url = `http://127.0.0.1:${PORTS[`${name}:${app.id}`]}/`;
          const result = await onePass(ctx, systems[name].sys, appName(app), url, pass.close);
          results[key(pass, app, name)].push(result);
          ctx.log(
            `  run ${r + 1}/${ctx.runs} ${pass.label.padEnd(17)} ${app.id.padEnd(8)} ${name.padEnd(5)} ${result.requests} requests, ` +
              `${result.non2xx} non-2xx, ${result.errors} conn errors, ${result.timeouts} timeouts, ${result.failedReloads} failed reloads, ` +
              `reloads ${result.reloadMs.map((ms) => (ms / 1000).toFixed(2)).join('/')} s`,
          );
        }
      }
    }
  }
  await Promise.all(Object.values(systems).map(({ sys }) => sys.dispose()));

  const s = (xs, f, digits = 0) => fmtSummary(summarize(xs.map(f)), digits);
  const tables = PASSES.map((pass) => ({
    title: `${pass.label}, ${CONNECTIONS} connections`,
    headers: [
      'app',
      'supervisor',
      'requests',
      'non-2xx',
      'connection errors',
      'timeouts',
      'failed (all kinds)',
      'runs with a failure',
      'one reload (s)',
      '5 reloads took (s)',
    ],
    rows: APPS.flatMap((app) =>
      Object.entries(systems).map(([name, { label }]) => {
        const xs = results[key(pass, app, name)];
        return [
          app.label,
          label,
          s(xs, (x) => x.requests),
          s(xs, (x) => x.non2xx),
          s(xs, (x) => x.errors),
          s(xs, (x) => x.timeouts),
          s(xs, failed),
          `${xs.filter((x) => failed(x) > 0).length}/${xs.length}`,
          fmtSummary(summarize(xs.flatMap((x) => x.reloadMs.map((ms) => ms / 1000))), 2),
          s(xs, (x) => x.totalMs / 1000, 1),
        ];
      }),
    ),
  }));

  const total = (name, appId) =>
    PASSES.flatMap((p) => APPS.filter((a) => !appId || a.id === appId).flatMap((a) => results[key(p, a, name)])).reduce((a, x) => a + failed(x), 0);
  const failedReloads = Object.values(results)
    .flat()
    .reduce((a, x) => a + x.failedReloads, 0);
  const notes = [
    'Connection errors are the load generator\'s socket errors (connect + read + write): a reset or a refused connection. Both supervisors use their defaults otherwise (kill timeout 1600 ms, listen timeout 3000 ms); clmon drains each old worker before its app hears of the stop (docs/supervision.md#reload, drain helper on by default, drain_timeout 5000 ms). "One reload" is one `reload` command (both workers, one after the other) as the client saw it, from start to exit.',
  ];
  if (failedReloads > 0) notes.push(`${failedReloads} reload command(s) exited non-zero (see the run log).`);
  return {
    description: `Both supervisors run the same two apps (\`bench/apps/listen-app.cjs\`, \`bench/apps/graceful-app.cjs\`), 2 cluster workers each, started without options. The load (generator ${ctx.generator}, ${CONNECTIONS} connections, 2 s timeout) starts 1 s before the first reload and stops 1 s after the fifth; \`clmon reload <app>\` and \`pm2 reload <app>\` run back to back. The order of the supervisors alternates from run to run.`,
    tables,
    notes,
    goals: [
      {
        goal: 'zero failed requests across reloads, for both app shapes, where PM2 fails some',
        result:
          APPS.map((a) => `${a.id}: clmon ${total('clmon', a.id)}, PM2 ${total('pm2', a.id)}`).join('; ') + ' failed requests over all runs and both passes',
        met: total('clmon') === 0 && total('pm2') > 0,
      },
    ],
  };
}

function appName(app) {
  return `web-${app.id}`;
}

function failed(x) {
  return x.non2xx + x.errors + x.timeouts;
}

async function onePass(ctx, sys, name, url, close) {
  await waitOnline(sys, name, 2);
  await waitServing(url, 2);
  const load = startLoad({ url, generator: ctx.generator, connections: CONNECTIONS, durationS: 180, close, timeoutS: 2 });
  await sleep(1000);
  const t0 = Date.now();
  let failedReloads = 0;
  const reloadMs = [];
  for (let i = 0; i < RELOADS; i++) {
    const t = Date.now();
    try {
      await sys.reload(name);
    } catch (err) {
      failedReloads += 1;
      ctx.log(`  reload ${i + 1} failed: ${err.message}`);
    }
    reloadMs.push(Date.now() - t);
  }
  const totalMs = Date.now() - t0;
  await sleep(1000);
  const result = await load.stop();
  return { ...result, failedReloads, reloadMs, totalMs };
}
