// Scenario 6: log ingestion. 2 cluster workers each write 200,000 numbered lines to stdout as
// fast as console.log goes, starting together when a go-file appears. Measured: time from the
// go-file until every byte is in the log files, lines lost or broken, the daemon's peak RSS
// (VmHWM: a fresh daemon per run, so its lifetime peak is this flood's) and the workers' peak.
// clmon runs twice: rotation off (the default) and rotating at 1 MiB (docs/configuration.md#logs), where the
// check covers the live file and every rotated one.
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
/** clmon with log rotation at 1 MiB, keeping every rotated file so each line can be checked. */
const ROTATE_FLAGS = ['--log-max-size', '1M', '--log-retain', '1000'];

export const scenario = {
  id: 'logs',
  title: '6. Log ingestion (2 workers × 200,000 lines)',
  ports: [],
  run,
};

async function run(ctx) {
  const results = { plain: [], clmon: [], rotate: [], pm2: [], pm2rotate: [] };
  const order = ['plain', 'clmon', 'rotate', 'pm2', 'pm2rotate'];
  for (let r = 0; r < ctx.runs; r++) {
    for (const name of r % 2 === 0 ? order : [...order].reverse()) {
      if (name === 'pm2rotate' && pm2Logrotate.failed) continue;
      const result = await flood(ctx, name, r).catch((err) => {
        if (name !== 'pm2rotate') throw err;
        ctx.log(`  pm2-logrotate: ${pm2Logrotate.failed || err.message}`);
        return null;
      });
      if (!result) continue;
      results[name].push(result);
      ctx.log(
        `  run ${r + 1}/${ctx.runs} ${name.padEnd(6)} ${result.complete ? `${(result.ms / 1000).toFixed(2)} s` : 'incomplete'}, ` +
          `${result.lost} lost, ${result.broken} broken, ${result.duplicated} duplicated, daemon peak ${Number.isFinite(result.daemonPeak) ? `${mib(result.daemonPeak).toFixed(0)} MiB` : 'n/a'}, worker peak ${mib(result.workerPeak).toFixed(0)} MiB${result.files ? `, ${result.files} files` : ''}`,
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
  const rotateBad = results.rotate.reduce((a, x) => a + x.lost + x.broken + x.duplicated, 0);
  const clmonPeak = summarize(results.clmon.map((x) => x.daemonPeak)).median;
  const pm2Peak = summarize(results.pm2.map((x) => x.daemonPeak)).median;
  const clmonHelpers = summarize(results.clmon.map((x) => x.helperPeak)).median;
  const pm2Helpers = summarize(results.pm2.map((x) => x.helperPeak)).median;
  return {
    description: `Cluster mode, default log settings (no date prefix). Each worker waits for a go-file, then calls \`console.log\` ${LINES.toLocaleString('en-US')} times with a 57-byte numbered line and stays alive. Time runs from the go-file to the moment the log files hold every byte; then every line is checked (lost = missing, broken = cut, merged or duplicated). Peak RSS is the kernel's VmHWM of the daemon process, of its helper processes (summed; clmon's reaper) and of the largest worker; each run gets a fresh daemon.`,
    tables: [
      {
        headers: [
          'supervisor',
          'time to disk (s)',
          'lines/s',
          'lines lost',
          'lines broken',
          'daemon peak RSS (MiB)',
          'helper processes’ peak RSS (MiB)',
          'worker peak RSS (MiB)',
        ],
        rows: [
          row('clmon', results.clmon),
          row('clmon, rotating at 1 MiB (`--log-max-size 1M`)', results.rotate),
          row('PM2', results.pm2),
          pm2Logrotate.failed
            ? ['PM2 + pm2-logrotate', `did not install: ${pm2Logrotate.failed}`, '', '', '', '', '', '']
            : row('PM2 + pm2-logrotate (max_size 1M, worker_interval 1 s)', results.pm2rotate),
          row('no supervisor: `node flood.cjs` piped to a file', results.plain),
        ],
      },
    ],
    notes: [
      'The rotating row counts every line across the live file and all rotated files (`--log-retain 1000` keeps them all for the check); PM2 + pm2-logrotate: the module installed with `pm2 install pm2-logrotate` from the registry once per benchmark run (one PM2_HOME for its runs, logs removed between runs), set to max_size 1M, retain 1000, worker_interval 1 s (its minimum): it polls the file sizes and rotates by copy and truncate, so lines written between the copy and the truncate are lost (pm2-logrotate#200).',
      'The last row is the floor: the same two workers started directly, each stdout a pipe that the benchmark process writes to a file (its "daemon peak" is the benchmark process, so it is left out). A worker peak close to that row means the supervisor leaves the workers’ memory alone.',
    ],
    goals: [
      {
        goal: 'log ingestion at least PM2’s rate, zero lines lost',
        result: `clmon ${fmtSummary(summarize(results.clmon.map((x) => x.ms / 1000)), 2)} s vs PM2 ${fmtSummary(summarize(results.pm2.map((x) => x.ms / 1000)), 2)} s; clmon lost or broke ${clmonBad} lines`,
        met: rate(results.clmon) <= rate(results.pm2) && clmonBad === 0,
      },
      {
        goal: 'log rotation at 1 MiB costs at most 10 % of the time to disk, zero lines lost (docs/configuration.md#logs)',
        result: `rotating ${fmtSummary(summarize(results.rotate.map((x) => x.ms / 1000)), 2)} s vs off ${fmtSummary(summarize(results.clmon.map((x) => x.ms / 1000)), 2)} s (${pct(rate(results.rotate), rate(results.clmon))}); lost or broke ${rotateBad} lines across ${fmtSummary(summarize(results.rotate.map((x) => x.files)))} files`,
        met: rate(results.rotate) <= rate(results.clmon) * 1.1 && rotateBad === 0,
      },
      {
        goal: 'daemon RSS below PM2’s (peak during the flood)',
        result: `daemon process ${mib(clmonPeak).toFixed(1)} MiB vs ${mib(pm2Peak).toFixed(1)} MiB; with helpers ${mib(clmonPeak + clmonHelpers).toFixed(1)} vs ${mib(pm2Peak + pm2Helpers).toFixed(1)} MiB`,
        met: clmonPeak + clmonHelpers < pm2Peak + pm2Helpers,
      },
    ],
  };
}

/** The PM2_HOME with pm2-logrotate installed, shared by the pm2rotate runs; failed: why not. */
const pm2Logrotate = { failed: '', ready: false };

async function pm2WithLogrotate(ctx) {
  const sys = new Pm2(ctx, 'logs-pm2-logrotate');
  rmSync(join(sys.home, 'logs'), { recursive: true, force: true });
  if (pm2Logrotate.ready) return sys;
  try {
    await sys.run(['install', 'pm2-logrotate'], { timeoutMs: 300_000 });
    for (const [key, value] of [
      ['max_size', '1M'],
      ['retain', '1000'],
      ['workerInterval', '1'],
    ])
      await sys.run(['set', `pm2-logrotate:${key}`, value]);
    pm2Logrotate.ready = true;
  } catch (err) {
    pm2Logrotate.failed = String(err.message ?? err).split('\n')[0];
    await sys.dispose();
    throw err;
  }
  return sys;
}

async function flood(ctx, name, r) {
  if (name === 'plain') return floodPlain(ctx, r);
  const label = `logs-${name}-${r}`;
  const sys = name === 'pm2rotate' ? await pm2WithLogrotate(ctx) : name === 'pm2' ? new Pm2(ctx, label) : new Clmon(ctx, label);
  const goFile = join(ctx.tmpRoot, `go-${name}-${r}`);
  const flags = name === 'rotate' ? ROTATE_FLAGS : [];
  await sys.start(ctx.apps.flood, 'flood', { instances: WORKERS, flags, env: { BENCH_LINES: String(LINES), BENCH_GO_FILE: goFile } });
  const workers = await waitOnline(sys, 'flood', WORKERS);
  const files = () => sys.outLogs('flood');
  if (totalSize(files()) > 0) throw new Error(`${name} logged something before the go-file: ${files().join(', ')}`);
  writeFileSync(goFile, 'go\n');
  const { ms, complete } = await waitForBytes(files);
  const daemonPeak = readMemory(sys.daemonPid())?.peak ?? NaN;
  const helpers = supervisorPids(
    sys.daemonPid(),
    workers.map((w) => w.pid),
  ).slice(1);
  const helperPeak = helpers.reduce((sum, pid) => sum + (readMemory(pid)?.peak ?? 0), 0);
  const workerPeak = Math.max(...workers.map((w) => readMemory(w.pid)?.peak ?? 0));
  const check = checkFloodLogs(files(), WORKERS, LINES);
  const fileCount = files().length;
  await sys.dispose();
  if (name !== 'pm2rotate') rmSync(sys.home, { recursive: true, force: true });
  return { ms, complete, daemonPeak, helperPeak, workerPeak, files: fileCount, ...check };
}

/** "+4.2 %" of a over b. */
function pct(a, b) {
  const p = ((a - b) / b) * 100;
  return `${p >= 0 ? '+' : ''}${p.toFixed(1)} %`;
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
