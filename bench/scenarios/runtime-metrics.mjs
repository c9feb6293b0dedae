// Scenario: the cost of the worker helper's runtime metrics (docs/supervision.md#runtime-metrics: at most 3 % of
// throughput). The same 2-worker HTTP app under clmon with `metrics: true` and with
// `metrics: false` (everything else equal, the drain on in both), and under PM2 without and with
// @pm2/io's HTTP metrics (the app loads @pm2/io itself; measured only if @pm2/io is installed).
// Each round warms every system up, then measures them in an order that alternates from round
// to round; the on/off ratio is taken inside each round, so the machine's drift cancels out.
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSeconds, localUrl as url, measureRounds, resultRow } from '../lib/rounds.mjs';
import { waitServing } from '../lib/serving.mjs';
import { fmtSummary, summarize } from '../lib/stats.mjs';
import { Clmon } from '../lib/clmon.mjs';
import { Pm2 } from '../lib/pm2.mjs';

const PORTS = { metricsOn: 29171, metricsOff: 29172, pm2: 29173, pm2io: 29174 };
const LABELS = {
  metricsOn: 'clmon, metrics on (default)',
  metricsOff: 'clmon, metrics off (`metrics: false`)',
  pm2: 'PM2',
  pm2io: 'PM2 + @pm2/io HTTP metrics',
};
const CONNECTIONS = 50;

export const scenario = {
  id: 'runtime-metrics',
  title: "Runtime metrics: the helper's cost (2 workers, cluster mode)",
  ports: Object.values(PORTS),
  run,
};

async function run(ctx) {
  const { seconds, warmupS } = loadSeconds(ctx);
  const rounds = ctx.quick ? 2 : 4;
  const pm2io = hasPm2Io(ctx);
  const systems = pm2io ? ['metricsOn', 'metricsOff', 'pm2', 'pm2io'] : ['metricsOn', 'metricsOff'];

  ctx.log(`  starting clmon with metrics on and off${pm2io ? ', PM2 without and with @pm2/io' : ''} (2 workers each)…`);
  const clmons = {};
  for (const [name, metrics] of [
    ['metricsOn', true],
    ['metricsOff', false],
  ]) {
    const file = join(ctx.tmpRoot, `runtime-metrics-${name}.config.json`);
    writeFileSync(
      file,
      JSON.stringify({
        apps: [{ name: 'web', script: ctx.apps.http, instances: 2, exec_mode: 'cluster', metrics, wait_ready: true, env: { BENCH_PORT: String(PORTS[name]) } }],
      }),
    );
    clmons[name] = new Clmon(ctx, `runtime-${name}`);
    await clmons[name].start(file, 'web');
  }
  const pm2s = {};
  if (pm2io) {
    pm2s.pm2 = new Pm2(ctx, 'runtime-plain');
    await pm2s.pm2.start(ctx.apps.http, 'web', { instances: 2, flags: ['--wait-ready'], env: { BENCH_PORT: String(PORTS.pm2) } });
    pm2s.pm2io = new Pm2(ctx, 'runtime-io');
    await pm2s.pm2io.start(join(ctx.repoRoot, 'bench', 'apps', 'pm2io-http-app.cjs'), 'web', {
      instances: 2,
      flags: ['--wait-ready'],
      env: { BENCH_PORT: String(PORTS.pm2io) },
    });
  }
  for (const name of systems) await waitServing(url(PORTS[name]), 2);

  const results = await measureRounds(ctx, {
    systems,
    ports: PORTS,
    connections: CONNECTIONS,
    seconds,
    warmupS,
    rounds,
    // on before off in even rounds, off before on in odd ones (and the same for PM2)
    orderOf: (r) => (r % 2 === 0 ? systems : [...systems].reverse()),
  });
  await Promise.all([...Object.values(clmons), ...Object.values(pm2s)].map((sys) => sys.dispose()));

  const ratio = (on, off) => summarize(results[on].map((res, i) => res.rps / results[off][i].rps));
  const clmonRatio = ratio('metricsOn', 'metricsOff');
  const cost = (s) => `${((1 - s.median) * 100).toFixed(1)} % (${((1 - s.max) * 100).toFixed(1)}–${((1 - s.min) * 100).toFixed(1)} %)`;
  const rows = systems.map((name) =>
    resultRow(LABELS[name], results[name], name === 'metricsOn' ? fmtSummary(clmonRatio, 3) : name === 'pm2io' ? fmtSummary(ratio('pm2io', 'pm2'), 3) : '1.00'),
  );
  const notes = [`clmon's metrics cost ${cost(clmonRatio)} of throughput (median, range over ${rounds} rounds).`];
  if (pm2io) notes.push(`@pm2/io's HTTP metrics cost PM2 ${cost(ratio('pm2io', 'pm2'))}.`);
  else notes.push('@pm2/io is not installed here (`npm install` installs it as a devDependency): the PM2 rows were not measured.');
  if (ctx.generator !== 'wrk')
    notes.push('The bundled Node generator ran instead of wrk: it saturates a core before the servers do, so these ratios understate real differences.');
  return {
    notes,
    description:
      `Load generator ${ctx.generator}, ${CONNECTIONS} keep-alive connections, on 127.0.0.1. ${rounds} rounds; each warms every system up (${warmupS} s of the same load each), ` +
      `then measures each for ${seconds} s, alone, in an order that alternates from round to round. The ratio to the same supervisor without metrics is taken inside each round; figures are the median (min–max) over the rounds.`,
    tables: [{ headers: ['supervisor', 'req/s', 'p99 latency (ms)', 'ratio to metrics off', 'failed requests'], rows }],
    goals: [
      {
        goal: 'clmon with metrics ≥ 0.97 × without (cost ≤ 3 %)',
        result: `on / off = ${fmtSummary(clmonRatio, 3)}`,
        met: clmonRatio.median >= 0.97,
      },
    ],
  };
}

/** Is @pm2/io resolvable from the repository (a devDependency for this scenario)? */
function hasPm2Io(ctx) {
  try {
    createRequire(join(ctx.repoRoot, 'package.json')).resolve('@pm2/io');
    return true;
  } catch {
    return false;
  }
}
