#!/usr/bin/env node
// `npm run bench [-- --quick] [--only a,b] [--runs n] [--out file] [--generator wrk|node]`:
// measures clmon, PM2 and a plain node:cluster primary side by side in one run on this machine,
// prints one table per scenario and writes BENCHMARKS.md. Everything it starts is stopped at
// the end, whatever happens (see lib/cleanup.mjs).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { installSignalCleanup, isAborting, runCleanup } from './lib/cleanup.mjs';
import { detectGenerator, generatorVersion } from './lib/load.mjs';
import { machineInfo } from './lib/machine.mjs';
import { assertPortsFree } from './lib/ports.mjs';
import { markdownTable } from './lib/table.mjs';
import { writeReport } from './report.mjs';
import { SCENARIOS } from './scenarios/index.mjs';

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = join(benchDir, '..');
const log = (msg) => process.stdout.write(`${msg}\n`);

const USAGE = `usage: npm run bench [-- options]
  --quick              one run each, shorter loads and windows (≈3 min); writes no file unless --out
  --only <ids>         comma-separated scenarios: ${SCENARIOS.map((s) => s.id).join(', ')}
  --runs <n>           runs per figure (default 3; --quick: 1)
  --out <file>         where to write the report (default: BENCHMARKS.md for a full run of every scenario)
  --generator <name>   wrk | node (default: wrk if installed, else the bundled Node generator)`;

async function main() {
  const opts = parseOptions();
  if (!existsSync(join(repoRoot, 'dist', 'cli', 'main.js'))) {
    throw new UsageError('clmon is not built: run `npm run build` (or `npm install`) first');
  }
  const scenarios = opts.only ? SCENARIOS.filter((s) => opts.only.map(findScenario).includes(s)) : SCENARIOS;
  await assertPortsFree(scenarios.flatMap((s) => s.ports)).catch((err) => {
    throw new UsageError(`refusing to run: ${err.message}`);
  });

  const token = randomBytes(8).toString('hex');
  process.env.CLMON_BENCH_TOKEN = token;
  delete process.env.CLMON_HOME; // never touch the user's home
  const tmpRoot = mkdtempSync(join(tmpdir(), 'clmon-bench-'));
  installSignalCleanup(token, log, () => rmSync(tmpRoot, { recursive: true, force: true }));
  const generator = opts.generator ?? detectGenerator();
  const ctx = {
    quick: opts.quick,
    runs: opts.runs,
    repoRoot,
    tmpRoot,
    token,
    generator,
    log: (msg) => isAborting() || log(msg),
    apps: {
      http: join(benchDir, 'apps', 'http-app.cjs'),
      listenOnly: join(benchDir, 'apps', 'listen-app.cjs'),
      graceful: join(benchDir, 'apps', 'graceful-app.cjs'),
      plainCluster: join(benchDir, 'apps', 'plain-cluster.cjs'),
      idle: join(benchDir, 'apps', 'idle.cjs'),
      flood: join(benchDir, 'apps', 'flood.cjs'),
      crash: join(benchDir, 'apps', 'crash-now.cjs'),
    },
  };
  const machine = machineInfo(repoRoot, generatorVersion(generator));
  log(`clmon benchmark (${opts.quick ? 'quick' : 'full'}: ${opts.runs} run(s) per figure), load generator: ${machine.generator}`);
  if (generator !== 'wrk') log('note: wrk is not installed (apt-get install wrk); using the bundled Node load generator');

  const started = Date.now();
  const results = [];
  let leaked = [];
  try {
    for (const scenario of scenarios) {
      log(`\n## ${scenario.title}`);
      const t0 = Date.now();
      let result;
      try {
        result = await scenario.run(ctx);
      } catch (err) {
        log(`  not measured: ${err.message}`);
        result = { notMeasured: err.message };
      }
      await runCleanup(token, log); // each scenario leaves the machine as it found it
      result.seconds = (Date.now() - t0) / 1000;
      results.push({ scenario, result });
      printResult(result);
    }
  } finally {
    leaked = await runCleanup(token, log);
    rmSync(tmpRoot, { recursive: true, force: true });
  }
  const totalSeconds = (Date.now() - started) / 1000;
  log(`\ndone in ${Math.round(totalSeconds)} s; ${leaked.length === 0 ? 'nothing left running' : `${leaked.length} leftover process(es) had to be killed`}`);

  const out = opts.out ? resolve(opts.out) : !opts.quick && !opts.only && opts.runs >= 3 ? join(repoRoot, 'BENCHMARKS.md') : undefined;
  if (out) {
    writeReport(out, { machine, opts, results, totalSeconds });
    log(`wrote ${out.startsWith(repoRoot) ? relative(repoRoot, out) : out}`);
  } else {
    log('no report written (a quick or partial run; pass --out <file> to write one)');
  }
  if (leaked.length > 0) process.exitCode = 1;
}

function printResult(result) {
  if (result.notMeasured) return;
  for (const table of result.tables) {
    if (table.title) log(`\n${table.title}`);
    log(`\n${markdownTable(table.headers, table.rows)}`);
  }
  for (const note of result.notes ?? []) log(`note: ${note}`);
  for (const goal of result.goals ?? []) log(`\ngoal: ${goal.goal} → ${goal.result}: ${goal.met ? 'met' : 'NOT met'}`);
  log(`(${Math.round(result.seconds)} s)`);
}

class UsageError extends Error {}

function parseOptions() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        quick: { type: 'boolean', default: false },
        only: { type: 'string' },
        runs: { type: 'string' },
        out: { type: 'string' },
        generator: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (err) {
    throw new UsageError(`${err.message}\n${USAGE}`);
  }
  if (values.help) {
    log(USAGE);
    process.exit(0);
  }
  const runs = values.runs === undefined ? (values.quick ? 1 : 3) : Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1 || runs > 20) throw new UsageError(`--runs must be a whole number from 1 to 20, not "${values.runs}"`);
  if (values.generator !== undefined && !['wrk', 'node'].includes(values.generator)) {
    throw new UsageError(`--generator must be "wrk" or "node", not "${values.generator}"`);
  }
  return {
    quick: values.quick,
    runs,
    only: values.only
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    out: values.out,
    generator: values.generator,
  };
}

function findScenario(id) {
  const found = SCENARIOS.find((s) => s.id === id);
  if (!found) throw new UsageError(`unknown scenario "${id}" in --only; the scenarios are ${SCENARIOS.map((s) => s.id).join(', ')}`);
  return found;
}

main().catch((err) => {
  process.stderr.write(`bench: ${err instanceof UsageError ? err.message : err.stack}\n`);
  process.exitCode = err instanceof UsageError ? 2 : 1;
});
