// Scenario 1: cluster throughput. The same 2-worker HTTP app behind a plain node:cluster
// primary, clmon's daemon (defaults; drain helper off; drain and metrics off) and PM2, all
// started up front. Each round gives every system fresh workers (a reload, or a new primary),
// then warms EVERY system up, and only then measures them one after another, in an order that
// rotates from round to round (so no system is always measured first, last, or right after its
// reload with a cold JIT). The ratio to plain node:cluster is taken inside each round, so the
// machine's drift between rounds cancels out; the ranges over the rounds are what is reported.
// Every system under test runs in a session of its own (the daemons do anyway; the plain primary
// is started detached), so the kernel's per-session (autogroup) scheduling treats them alike.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startProcess } from '../lib/proc.mjs';
import { loadSeconds, localUrl as url, measureRounds, resultRow } from '../lib/rounds.mjs';
import { waitServing } from '../lib/serving.mjs';
import { fmtSummary, summarize } from '../lib/stats.mjs';
import { Clmon } from '../lib/clmon.mjs';
import { Pm2 } from '../lib/pm2.mjs';

const PORTS = { plain: 29101, clmon: 29102, pm2: 29103, clmonNoDrain: 29104, clmonBare: 29105 };
const SYSTEMS = ['plain', 'clmon', 'clmonNoDrain', 'clmonBare', 'pm2'];
const LABELS = {
  plain: 'plain node:cluster',
  clmon: 'clmon',
  clmonNoDrain: 'clmon, drain helper off (`--no-drain`)',
  clmonBare: 'clmon, drain and metrics off (`drain: false, metrics: false`)',
  pm2: 'PM2',
};
const CONNECTIONS = 50;

export const scenario = {
  id: 'throughput',
  title: '1. Throughput (2 workers, cluster mode)',
  ports: Object.values(PORTS),
  run,
};

async function run(ctx) {
  const { seconds, warmupS } = loadSeconds(ctx);
  // enough rounds that every system is measured in several positions of the order
  const rounds = ctx.quick ? 2 : Math.max(6, 2 * ctx.runs);
  const appEnv = (port) => ({ BENCH_PORT: String(port) });

  ctx.log('  starting plain node:cluster, clmon (three ways) and PM2 (2 workers each)…');
  const startPlain = () =>
    startProcess(process.execPath, [ctx.apps.plainCluster], {
      env: { ...process.env, ...appEnv(PORTS.plain), BENCH_WORKERS: '2' },
      label: 'plain node:cluster',
      // A session of its own, like clmon's and PM2's daemons: with the kernel's autogroup
      // scheduling, workers in the load generator's session ran up to 10x faster on a busy
      // machine than the same workers in a session of their own.
      detached: true,
    });
  let plain = startPlain();
  const clmon = new Clmon(ctx, 'throughput');
  await clmon.start(ctx.apps.http, 'web', { instances: 2, flags: ['--wait-ready'], env: appEnv(PORTS.clmon) });
  const clmonNoDrain = new Clmon(ctx, 'throughput-no-drain');
  await clmonNoDrain.start(ctx.apps.http, 'web', { instances: 2, flags: ['--wait-ready', '--no-drain'], env: appEnv(PORTS.clmonNoDrain) });
  // metrics has no command-line switch: an ecosystem file turns both parts of the helper off
  const bareFile = join(ctx.tmpRoot, 'throughput-bare.config.json');
  writeFileSync(bareFile, JSON.stringify({ apps: [{ name: 'web', script: ctx.apps.http, instances: 2, exec_mode: 'cluster', drain: false, metrics: false }] }));
  const clmonBare = new Clmon(ctx, 'throughput-bare');
  await clmonBare.start(bareFile, 'web', { flags: ['--wait-ready'], env: appEnv(PORTS.clmonBare) });
  const pm2 = new Pm2(ctx, 'throughput');
  await pm2.start(ctx.apps.http, 'web', { instances: 2, flags: ['--wait-ready'], env: appEnv(PORTS.pm2) });
  for (const port of Object.values(PORTS)) await waitServing(url(port), 2);

  const results = await measureRounds(ctx, {
    systems: SYSTEMS,
    ports: PORTS,
    connections: CONNECTIONS,
    seconds,
    warmupS,
    rounds,
    orderOf: (r) => SYSTEMS.map((_, i) => SYSTEMS[(i + r) % SYSTEMS.length]),
    beforeRound: async (r) => {
      if (r === 0) return;
      // Fresh workers for every round, so that one group's luck (where the scheduler put its
      // processes, what its JIT did) is not carried through all its rounds.
      await plain.stop();
      plain = startPlain();
      await Promise.all([clmon, clmonNoDrain, clmonBare, pm2].map((sys) => sys.reload('web')));
      for (const port of Object.values(PORTS)) await waitServing(url(port), 2);
    },
  });
  await Promise.all([clmon.dispose(), clmonNoDrain.dispose(), clmonBare.dispose(), pm2.dispose()]);

  const ratios = (name) => results[name].map((res, i) => res.rps / results.plain[i].rps);
  const ratio = (name) => summarize(ratios(name));
  const row = (name) => resultRow(LABELS[name], results[name], name === 'plain' ? '1.00' : fmtSummary(ratio(name), 3));
  const clmonRatio = ratio('clmon');
  const notes = [helperCostNote(ratio('clmon'), ratio('clmonNoDrain'), ratio('clmonBare'))];
  if (ctx.generator !== 'wrk') {
    notes.push(
      'The bundled Node generator ran instead of wrk (not installed, or --generator node); it saturates a core before the servers do, so these ratios understate real differences. Install wrk for meaningful throughput figures.',
    );
  }
  return {
    notes,
    description:
      `Load generator ${ctx.generator}, ${CONNECTIONS} keep-alive connections, on 127.0.0.1; the app answers its pid. ${rounds} rounds; each round first gives every system fresh workers ` +
      `(a reload, or a new primary for plain node:cluster), then warms every system up (${warmupS} s of the same load each), then measures each for ${seconds} s, alone while the others sit idle, ` +
      "in an order that rotates from round to round. Every system runs in a session of its own (the plain primary is started detached, as the daemons are), so the kernel's per-session (autogroup) scheduling treats them alike. The ratio to plain node:cluster is computed inside each round; the figures are the median (min–max) over the rounds.",
    tables: [
      {
        headers: ['supervisor', 'req/s', 'p99 latency (ms)', 'ratio to plain', 'failed requests'],
        rows: SYSTEMS.map(row),
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

/** What the three clmon rows say about the worker helper's cost, as measured (not as hoped). */
function helperCostNote(withHelper, noDrain, bare) {
  const overlap = (a, b) => a.min <= b.max && b.min <= a.max;
  const f = (s) => fmtSummary(s, 3);
  const verdict = (a, b, what) =>
    overlap(a, b)
      ? `${what}: the ranges overlap (within this machine's noise)`
      : `${what}: the ranges do not overlap (median ${((a.median / b.median - 1) * 100).toFixed(1)} %)`;
  return (
    `Ratios to plain: clmon ${f(withHelper)}, without the drain ${f(noDrain)}, without drain and metrics ${f(bare)}. ` +
    `${verdict(withHelper, noDrain, 'drain on vs off')}; ${verdict(withHelper, bare, 'defaults vs drain and metrics off')}.`
  );
}
