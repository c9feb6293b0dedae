// BENCHMARKS.md: date and machine, the command that reproduces it, the goals at a glance, then
// one section per scenario with its table(s) and notes.
import { writeFileSync } from 'node:fs';
import { markdownTable } from './lib/table.mjs';

/** Write the report of a run to `path`. */
export function writeReport(path, { machine, opts, results, totalSeconds }) {
  const lines = [
    '# Benchmarks',
    '',
    `Written by \`${command(opts)}\` (bench/run.mjs) on ${machine.date}; the run took ${Math.round(totalSeconds / 60)} min. Do not edit by hand: change bench/ and run it again.`,
    '',
    '## Machine',
    '',
    markdownTable(
      ['', ''],
      [
        ['cores', machine.cores],
        ['memory', machine.memory],
        ['OS', machine.os],
        ['Node', machine.node],
        ['PM2', machine.pm2],
        ['clmon', machine.clmon],
        ['load generator', machine.generator],
      ],
    ),
    '',
    'The machine is shared and noisy (throughput swings by ±25 % from one run to the next), so the',
    'systems are compared inside one run, as ratios where it matters. Every figure is the median of',
    `${opts.runs} run${opts.runs === 1 ? '' : 's'} unless a table says otherwise, with the min–max range in parentheses. All load goes`,
    'to 127.0.0.1 and is bounded in time; every process the run starts is stopped at its end.',
    '',
    '## Reproduce',
    '',
    '```sh',
    'npm install                 # builds dist/ too (prepare); apt-get install wrk tmux for the load and the TUI',
    `${command(opts)}`.padEnd(28) + '# this report',
    'npm run bench -- --quick    # one run each, short loads, tables only (under 3 min)',
    '```',
    '',
    '## Goals at a glance',
    '',
    markdownTable(['goal', 'result', 'met?'], goalRows(results)),
    '',
    ...shortfalls(results),
  ];
  for (const { scenario, result } of results) {
    lines.push(`## ${scenario.title}`, '');
    if (result.notMeasured) {
      lines.push(`Not measured: ${result.notMeasured}`, '');
      continue;
    }
    lines.push(result.description, '');
    for (const table of result.tables) {
      if (table.title) lines.push(`**${table.title}**`, '');
      lines.push(markdownTable(table.headers, table.rows), '');
    }
    for (const note of result.notes ?? []) lines.push(`- ${note}`);
    if (result.notes?.length) lines.push('');
  }
  writeFileSync(path, `${lines.join('\n').trimEnd()}\n`);
}

/** The command line that produced this report. */
function command(opts) {
  const args = [];
  if (opts.quick) args.push('--quick');
  if (opts.only) args.push('--only', opts.only.join(','));
  if (opts.runs !== (opts.quick ? 1 : 3)) args.push('--runs', String(opts.runs));
  if (opts.generator) args.push('--generator', opts.generator);
  return `npm run bench${args.length ? ` -- ${args.join(' ')}` : ''}`;
}

/** The goals clmon misses, said plainly (the issue asks for it: no tuning to flatter it). */
function shortfalls(results) {
  const missed = results.flatMap(({ result }) => (result.goals ?? []).filter((g) => !g.met));
  const unmeasured = results.filter(({ result }) => result.notMeasured);
  const lines = [];
  if (missed.length > 0) {
    lines.push(
      `clmon falls short of ${missed.length} goal${missed.length === 1 ? '' : 's'} in this run: ${missed.map((g) => g.goal).join('; ')}. The sections below give the figures and what they point at.`,
      '',
    );
  } else if (unmeasured.length === 0) {
    lines.push('clmon meets every goal in this run.', '');
  }
  if (unmeasured.length > 0) lines.push(`Not measured in this run: ${unmeasured.map(({ scenario }) => scenario.title).join('; ')}.`, '');
  return lines;
}

function goalRows(results) {
  const rows = [];
  for (const { scenario, result } of results) {
    if (result.notMeasured) {
      rows.push([scenario.title, `not measured: ${result.notMeasured}`, '—']);
      continue;
    }
    for (const goal of result.goals ?? []) rows.push([goal.goal, goal.result, goal.met ? 'yes' : '**no**']);
  }
  return rows;
}
