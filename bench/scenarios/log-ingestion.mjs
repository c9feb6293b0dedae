// Scenario 6: log ingestion. 2 cluster workers each write 200,000 numbered lines to stdout as
// fast as console.log goes, starting together when a go-file appears. Measured: time from the
// go-file until every byte is in the log files, lines lost or broken, the daemon's peak RSS
// (VmHWM: a fresh daemon per run, so its lifetime peak is this flood's) and the workers' peak.
import { createWriteStream, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Clmon } from '../lib/clmon.mjs';
import { checkFloodLogs, expectedBytes, totalSize } from '../lib/log-check.mjs';
import { Pm2 } from '../lib/pm2.mjs';
import { readMemory } from '../lib/proc-stats.mjs';
import { sleep, startProcess } from '../lib/proc.mjs';
import { supervisorPids } from '../lib/supervisor-pids.mjs';
import { waitOnline } from '../lib/serving.mjs';
import { fmtSummary, mib, summarize } from '../lib/stats.mjs';

const LINES = 200_000;
const WORKERS = 2;
const STALL_MS = 10_000;
const GIVE_UP_MS = 180_000;

export const scenario = {
  id: 'logs',
  title: '6. Log ingestion (2 workers × 200,000 lines)',
  ports: [],
  run,
};

async function run(ctx) {
  const results = { plain: [], clmon: [], pm2: [] };
  for (let r = 0; r < ctx.runs; r++) {
    for (const name of r % 2 === 0 ? ['plain', 'clmon', 'pm2'] : ['pm2', 'clmon', 'plain']) {
      const result = await flood(ctx, name, r);
      results[name].push(result);
      ctx.log(
        `  run ${r + 1}/${ctx.runs} ${name.padEnd(5)} ${result.complete ? `${(result.ms / 1000).toFixed(2)} s` : 'incomplete'}, ` +
          `${result.lost} lost, ${result.broken} broken, ${result.duplicated} duplicated, daemon peak ${Number.isFinite(result.daemonPeak) ? `${mib(result.daemonPeak).toFixed(0)} MiB` : "n/a"}, worker peak ${mib(result.workerPeak).toFixed(0)} MiB`,
      );
    }
  }
  const row = (label, xs) => [
    label,
    xs.every((x) => x.complete) ? fmtSummary(summarize(xs.map((x) => x.ms / 1000)), 2) : `${xs.filter((x) => x.complete).length}/${xs.length} complete`,
    fmtSummary(summarize(xs.map((x) => (x.complete ? (WORKERS * LINES) / (x.ms / 1000) : NaN)))),
    fmtSummary(summarize(xs.map((x) => x.lost))),
    fmtSummary(summarize(xs.map((x) => x.broken + x.duplicated))),
    fmtSummary(summarize(xs.map((x) => mib(x.daemonPeak))), 1),
    xs.every((x) => x.helperPeak === 0) ? 'none' : fmtSummary(summarize(xs.map((x) => mib(x.helperPeak))), 1),
    fmtSummary(summarize(xs.map((x) => mib(x.workerPeak))), 1),
  ];
  const rate = (xs) => summarize(xs.map((x) => (x.complete ? x.ms : Infinity))).median;
  const clmonBad = results.clmon.reduce((a, x) => a + x.lost + x.broken + x.duplicated, 0);
  const clmonPeak = summarize(results.clmon.map((x) => x.daemonPeak)).median;
  const pm2Peak = summarize(results.pm2.map((x) => x.daemonPeak)).median;
  const clmonHelpers = summarize(results.clmon.map((x) => x.helperPeak)).median;
  const pm2Helpers = summarize(results.pm2.map((x) => x.helperPeak)).median;
  return {
    description: `Cluster mode, default log settings (no date prefix). Each worker waits for a go-file, then calls \`console.log\` ${LINES.toLocaleString('en-US')} times with a 57-byte numbered line and stays alive. Time runs from the go-file to the moment the log files hold every byte; then every line is checked (lost = missing, broken = cut, merged or duplicated). Peak RSS is the kernel's VmHWM of the daemon process, of its helper processes (summed; clmon's reaper) and of the largest worker; each run gets a fresh daemon.`,
    tables: [
      {
        headers: ['supervisor', 'time to disk (s)', 'lines/s', 'lines lost', 'lines broken', 'daemon peak RSS (MiB)', 'helper processes’ peak RSS (MiB)', 'worker peak RSS (MiB)'],
        rows: [row('clmon', results.clmon), row('PM2', results.pm2), row('no supervisor: `node flood.cjs` piped to a file', results.plain)],
      },
    ],
    notes: [
      'The last row is the floor: the same two workers started directly, each stdout a pipe that the benchmark process writes to a file (its "daemon peak" is the benchmark process, so it is left out). A worker peak close to that row means the supervisor leaves the workers’ memory alone.',
    ],
    goals: [
      {
        goal: 'log ingestion at least PM2’s rate, zero lines lost',
        result: `clmon ${fmtSummary(summarize(results.clmon.map((x) => x.ms / 1000)), 2)} s vs PM2 ${fmtSummary(summarize(results.pm2.map((x) => x.ms / 1000)), 2)} s; clmon lost or broke ${clmonBad} lines`,
        met: rate(results.clmon) <= rate(results.pm2) && clmonBad === 0,
      },
      {
        goal: 'daemon RSS below PM2’s (peak during the flood)',
        result: `daemon process ${mib(clmonPeak).toFixed(1)} MiB vs ${mib(pm2Peak).toFixed(1)} MiB; with helpers ${mib(clmonPeak + clmonHelpers).toFixed(1)} vs ${mib(pm2Peak + pm2Helpers).toFixed(1)} MiB`,
        met: clmonPeak + clmonHelpers < pm2Peak + pm2Helpers,
      },
    ],
  };
}

async function flood(ctx, name, r) {
  if (name === 'plain') return floodPlain(ctx, r);
  const label = `logs-${r}`;
  const sys = name === 'clmon' ? new Clmon(ctx, label) : new Pm2(ctx, label);
  const goFile = join(ctx.tmpRoot, `go-${name}-${r}`);
  await sys.start(ctx.apps.flood, 'flood', { instances: WORKERS, env: { BENCH_LINES: String(LINES), BENCH_GO_FILE: goFile } });
  const workers = await waitOnline(sys, 'flood', WORKERS);
  const files = () => sys.outLogs('flood');
  if (totalSize(files()) > 0) throw new Error(`${name} logged something before the go-file: ${files().join(', ')}`);
  writeFileSync(goFile, 'go\n');
  const { ms, complete } = await waitForBytes(files);
  const daemonPeak = readMemory(sys.daemonPid())?.peak ?? NaN;
  const helpers = supervisorPids(sys.daemonPid(), workers.map((w) => w.pid)).slice(1);
  const helperPeak = helpers.reduce((sum, pid) => sum + (readMemory(pid)?.peak ?? 0), 0);
  const workerPeak = Math.max(...workers.map((w) => readMemory(w.pid)?.peak ?? 0));
  const check = checkFloodLogs(files(), WORKERS, LINES);
  await sys.dispose();
  rmSync(sys.home, { recursive: true, force: true });
  return { ms, complete, daemonPeak, helperPeak, workerPeak, ...check };
}

/** The floor: the workers without a supervisor, each stdout piped into a file by this process. */
async function floodPlain(ctx, r) {
  const dir = join(ctx.tmpRoot, `logs-plain-${r}`);
  mkdirSync(dir, { recursive: true });
  const goFile = join(dir, 'go');
  const paths = [];
  const procs = [];
  for (let slot = 0; slot < WORKERS; slot++) {
    const path = join(dir, `flood-out-${slot}.log`);
    const env = { ...process.env, NODE_APP_INSTANCE: String(slot), BENCH_LINES: String(LINES), BENCH_GO_FILE: goFile };
    const proc = startProcess(process.execPath, [ctx.apps.flood], { env, label: `flood worker ${slot}` });
    proc.child.stdout.pipe(createWriteStream(path));
    paths.push(path);
    procs.push(proc);
  }
  await sleep(500); // both are polling for the go-file by now
  writeFileSync(goFile, 'go\n');
  const { ms, complete } = await waitForBytes(() => paths);
  const workerPeak = Math.max(...procs.map((p) => readMemory(p.child.pid)?.peak ?? 0));
  const check = checkFloodLogs(paths, WORKERS, LINES);
  await Promise.all(procs.map((p) => p.stop()));
  rmSync(dir, { recursive: true, force: true });
  return { ms, complete, daemonPeak: NaN, helperPeak: NaN, workerPeak, ...check };
}

/** Poll the files until they hold every expected byte, stall for STALL_MS, or GIVE_UP_MS passes. */
async function waitForBytes(files) {
  const expected = expectedBytes(WORKERS, LINES);
  const t0 = Date.now();
  let lastSize = -1;
  let lastGrowth = t0;
  while (Date.now() - t0 < GIVE_UP_MS) {
    const size = totalSize(files());
    if (size >= expected) return { ms: Date.now() - t0, complete: true };
    if (size !== lastSize) {
      lastSize = size;
      lastGrowth = Date.now();
    } else if (Date.now() - lastGrowth > STALL_MS) {
      break;
    }
    await sleep(20);
  }
  return { ms: Date.now() - t0, complete: false };
}
