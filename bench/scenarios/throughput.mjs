// Scenario 1: cluster throughput. The same 2-worker HTTP app behind a plain node:cluster
// primary, clmon's daemon and PM2, all started up front; each run loads them one after another
// (order rotated per run) with keep-alive connections. clmon / plain is taken per run, so the
// machine's drift between runs cancels out.
import { runLoad } from '../lib/load.mjs';
import { startProcess } from '../lib/proc.mjs';
import { waitServing } from '../lib/serving.mjs';
import { fmtSummary, summarize } from '../lib/stats.mjs';
import { Clmon } from '../lib/clmon.mjs';
import { Pm2 } from '../lib/pm2.mjs';

const PORTS = { plain: 29101, clmon: 29102, pm2: 29103, clmonNoDrain: 29104 };

export const scenario = {
  id: 'throughput',
  title: '1. Throughput (2 workers, cluster mode)',
  ports: Object.values(PORTS),
  run,
};

async function run(ctx) {
  const seconds = ctx.quick ? 3 : 10;
  const url = (port) => `http://127.0.0.1:${port}/`;
  const appEnv = (port) => ({ BENCH_PORT: String(port) });

  ctx.log('  starting plain node:cluster, clmon and PM2 (2 workers each)…');
  const startPlain = () =>
    startProcess(process.execPath, [ctx.apps.plainCluster], {
      env: { ...process.env, ...appEnv(PORTS.plain), BENCH_WORKERS: '2' },
      label: 'plain node:cluster',
    });
  let plain = startPlain();
  const clmon = new Clmon(ctx, 'throughput');
  await clmon.start(ctx.apps.http, 'web', { instances: 2, flags: ['--wait-ready'], env: appEnv(PORTS.clmon) });
  // The same without the drain helper, to show what the helper itself costs.
  const clmonNoDrain = new Clmon(ctx, 'throughput-no-drain');
  await clmonNoDrain.start(ctx.apps.http, 'web', { instances: 2, flags: ['--wait-ready', '--no-drain'], env: appEnv(PORTS.clmonNoDrain) });
  const pm2 = new Pm2(ctx, 'throughput');
  await pm2.start(ctx.apps.http, 'web', { instances: 2, flags: ['--wait-ready'], env: appEnv(PORTS.pm2) });
  for (const port of Object.values(PORTS)) await waitServing(url(port), 2);

  const systems = ['plain', 'clmon', 'pm2', 'clmonNoDrain'];
  const results = { plain: [], clmon: [], pm2: [], clmonNoDrain: [] };
  for (let r = 0; r < ctx.runs; r++) {
    if (r > 0) {
      // Fresh workers for every run, so that one group's luck (where the scheduler put its
      // processes, what its JIT did) is not carried through all its runs.
      await plain.stop();
      plain = startPlain();
      await Promise.all([clmon.reload('web'), clmonNoDrain.reload('web'), pm2.reload('web')]);
      for (const port of Object.values(PORTS)) await waitServing(url(port), 2);
    }
    const order = systems.map((_, i) => systems[(i + r) % systems.length]);
    for (const name of order) {
      await runLoad({ url: url(PORTS[name]), generator: ctx.generator, durationS: 1 }); // warm-up (JIT)
      const result = await runLoad({ url: url(PORTS[name]), generator: ctx.generator, connections: 50, durationS: seconds });
      if (result.errors + result.non2xx + result.timeouts > 0) {
        ctx.log(`  note: ${name} run ${r + 1}: ${result.errors} errors, ${result.non2xx} non-2xx, ${result.timeouts} timeouts`);
      }
      results[name].push(result);
      ctx.log(`  run ${r + 1}/${ctx.runs} ${name.padEnd(12)} ${Math.round(result.rps)} req/s, p99 ${result.p99Ms.toFixed(2)} ms`);
    }
  }
  await Promise.all([clmon.dispose(), clmonNoDrain.dispose(), pm2.dispose()]);

  const ratio = (name) => summarize(results[name].map((res, i) => res.rps / results.plain[i].rps));
  const row = (label, name) => [
    label,
    fmtSummary(summarize(results[name].map((x) => x.rps))),
    fmtSummary(summarize(results[name].map((x) => x.p99Ms)), 2),
    name === 'plain' ? '1.00' : fmtSummary(ratio(name), 3),
    String(results[name].reduce((a, x) => a + x.errors + x.non2xx + x.timeouts, 0)),
  ];
  const clmonRatio = ratio('clmon');
  const notes = [];
  if (ctx.generator !== 'wrk') {
    notes.push('The bundled Node generator ran instead of wrk (not installed, or --generator node); it saturates a core before the servers do, so these ratios understate real differences. Install wrk for meaningful throughput figures.');
  }
  return {
    notes,
    description: `Load generator ${ctx.generator}, 50 keep-alive connections, ${seconds} s per run after a 1 s warm-up, on 127.0.0.1; the app answers its pid. Each system is loaded alone while the others sit idle; the order rotates from run to run, and every run gets fresh workers (a reload, or a new primary for plain node:cluster). The ratio is computed inside each run.`,
    tables: [
      {
        headers: ['supervisor', 'req/s', 'p99 latency (ms)', 'ratio to plain', 'failed requests'],
        rows: [row('plain node:cluster', 'plain'), row('clmon', 'clmon'), row('PM2', 'pm2'), row('clmon, drain helper off (`--no-drain`)', 'clmonNoDrain')],
      },
    ],
    goals: [
      {
        goal: 'throughput ≥ 0.97 × plain node:cluster',
        result: `clmon / plain = ${fmtSummary(clmonRatio, 3)}`,
        met: clmonRatio.median >= 0.97,
      },
    ],
  };
}
