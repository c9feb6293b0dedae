// Scenario: many hosts (docs/cli.md#many-hosts). Homes on this machine stand in for hosts, each reached
// through `--via "env CLMON_HOME=<home>"` (so `<prefix> clmon serve --stdio` runs a real serve
// process per host, as ssh would at the other end, minus the network). Part 1: `clmon ls --json`
// over 1, 4 and 16 hosts, wall time of the whole command (the hosts are queried in parallel).
// Part 2: the TUI's CPU attached to 4 hosts × 4 idle workers vs one host with 16, side by side
// in one tmux server during the same window.
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { Clmon } from '../lib/clmon.mjs';
import { cpuPercent, descendants, sampleRss, snapshotTicks } from '../lib/proc-stats.mjs';
import { runCommand, sleep, waitFor } from '../lib/proc.mjs';
import { waitOnline } from '../lib/serving.mjs';
import { fmtSummary, mib, summarize } from '../lib/stats.mjs';
import { Tmux } from '../lib/tmux.mjs';

export const scenario = {
  id: 'hosts',
  title: '8. Many hosts (ls over 1/4/16 hosts; the TUI over 4 hosts × 4 workers vs 1 × 16)',
  ports: [],
  run,
};

const COUNTS = [1, 4, 16];

async function run(ctx) {
  const bin = join(ctx.tmpRoot, 'hosts-bin');
  mkdirSync(bin, { recursive: true });
  symlinkSync(join(ctx.repoRoot, 'bin', 'clmon.js'), join(bin, 'clmon'));
  const env = { ...process.env, PATH: `${bin}:${process.env.PATH}` };

  // 16 hosts: the first 4 with 4 idle workers (also the TUI's 4 hosts), the others with 1
  const hosts = [];
  for (let i = 0; i < 16; i++) {
    const host = new Clmon(ctx, `host-${i + 1}`);
    await host.start(ctx.apps.idle, `app${i + 1}`, { instances: i < 4 ? 4 : 1 });
    hosts.push(host);
  }
  for (const [i, host] of hosts.entries()) await waitOnline(host, `app${i + 1}`, i < 4 ? 4 : 1);
  const single = new Clmon(ctx, 'host-16-workers');
  await single.start(ctx.apps.idle, 'idle', { instances: 16 });
  await waitOnline(single, 'idle', 16);
  const via = (n) => hosts.slice(0, n).flatMap((h) => ['--via', `env CLMON_HOME=${h.home}`]);

  // Part 1: ls --json wall time
  const runs = ctx.quick ? 3 : 10;
  const cases = [
    { label: '`ls --json`, local (no --via), 1 home', argv: single.argv(['ls', '--json']), hosts: 1 },
    ...COUNTS.map((n) => ({ label: `\`ls --json\` over ${n} host${n === 1 ? '' : 's'} (--via)`, argv: single.argv(['ls', '--json', ...via(n)]), hosts: n })),
  ];
  const times = cases.map(() => []);
  for (let r = -1; r < runs; r++) {
    for (const [i, c] of cases.entries()) {
      const result = await runCommand(c.argv[0], c.argv[1], { env, timeoutMs: 60_000 });
      if (result.code !== 0) throw new Error(`${c.label} exited with ${result.code}: ${result.stderr.trim().slice(-300)}`);
      const apps = JSON.parse(result.stdout).apps;
      const expected = c.label.includes('local') ? 1 : c.hosts;
      if (apps.length !== expected) throw new Error(`${c.label} listed ${apps.length} apps, expected ${expected}`);
      if (r >= 0) times[i].push(result.ms);
    }
  }
  const ls = times.map(summarize);

  // Part 2: TUI CPU, 4 hosts × 4 vs 1 × 16
  const windowS = ctx.quick ? 10 : 60;
  const warmupS = ctx.quick ? 3 : 5;
  const samples = [];
  for (let r = 0; r < ctx.runs; r++) {
    const tmux = new Tmux(ctx, `hosts-${r}`);
    await tmux.open('many', single.argv(['attach', ...via(4)]).flat(), { PATH: env.PATH });
    await tmux.open('one', single.argv(['attach']).flat());
    await waitFor(async () => /hosts 4\/4/.test(await tmux.capture('many')), { timeoutMs: 60_000, what: 'the TUI to reach the 4 hosts' });
    await waitFor(async () => /16\/16 online/.test(await tmux.capture('many')), { timeoutMs: 60_000, what: 'the TUI to show the 16 workers of the 4 hosts' });
    await waitFor(async () => /16\/16 online/.test(await tmux.capture('one')), { timeoutMs: 60_000, what: 'the TUI to show the 16 workers' });
    const manyPid = await tmux.panePid('many');
    const onePid = await tmux.panePid('one');
    await sleep(warmupS * 1000);
    const manyTree = [manyPid, ...descendants(manyPid)];
    const sets = { manyTui: [manyPid], manyWithServes: manyTree, oneTui: [onePid, ...descendants(onePid)] };
    const before = Object.fromEntries(Object.entries(sets).map(([k, pids]) => [k, snapshotTicks(pids)]));
    const rss = Object.fromEntries(Object.entries(sets).map(([k, pids]) => [k, sampleRss(() => pids)]));
    await sleep(windowS * 1000);
    const sample = {};
    for (const [k, pids] of Object.entries(sets)) sample[k] = { cpu: cpuPercent(before[k], snapshotTicks(pids), windowS), rss: rss[k].stop().mean };
    if (!/hosts 4\/4/.test(await tmux.capture('many'))) throw new Error('the many-hosts TUI lost a host during the window');
    samples.push(sample);
    ctx.log(
      `  run ${r + 1}/${ctx.runs}: TUI over 4 hosts ${sample.manyTui.cpu.toFixed(2)} % (+ its 4 serve processes: ${sample.manyWithServes.cpu.toFixed(2)} %), TUI over 1 host ${sample.oneTui.cpu.toFixed(2)} %`,
    );
    await tmux.dispose();
  }
  await Promise.all([...hosts, single].map((h) => h.dispose()));

  const cpu = (k) => summarize(samples.map((s) => s[k].cpu));
  const mem = (k) => summarize(samples.map((s) => mib(s[k].rss)));
  const ratio = summarize(samples.map((s) => s.manyTui.cpu / s.oneTui.cpu));
  return {
    description: `Hosts are homes on this machine, each with its own daemon, reached with \`--via "env CLMON_HOME=<home>"\`: every host costs a real \`clmon serve --stdio\` process (started by the command, as ssh would start it at the other end), but no network. Part 1: wall time of the whole \`clmon ls --json\` (spawn to exit), ${runs} runs each after a warm-up; the first 4 hosts run 4 idle workers each, the others 1. Part 2: \`clmon attach --via …\` over the 4 hosts (4 × 4 idle workers) and \`clmon attach\` on one daemon with 16 idle workers, side by side in one tmux server (160x50), during the same ${windowS} s window after a ${warmupS} s warm-up; CPU from /proc as % of one core.`,
    tables: [
      {
        headers: ['command', 'wall time (ms)'],
        rows: cases.map((c, i) => [c.label, fmtSummary(ls[i])]),
      },
      {
        title: 'The TUI attached to 16 idle workers',
        headers: ['monitor', 'CPU (% of a core)', 'RSS (MiB)'],
        rows: [
          ['`attach --via` × 4 hosts (4 workers each): the TUI process', fmtSummary(cpu('manyTui'), 2), fmtSummary(mem('manyTui'), 1)],
          ['… with its 4 `serve --stdio` processes', fmtSummary(cpu('manyWithServes'), 2), fmtSummary(mem('manyWithServes'), 1)],
          ['`attach` on one daemon with 16 workers', fmtSummary(cpu('oneTui'), 2), fmtSummary(mem('oneTui'), 1)],
        ],
      },
    ],
    notes: [
      `Growth of \`ls --json\` with the number of hosts: 1 → 16 hosts costs ${(ls[3].median - ls[1].median).toFixed(0)} ms more (${((ls[3].median - ls[1].median) / 15).toFixed(0)} ms per extra host); each extra host is one more Node process (\`clmon serve --stdio\`) starting at the same time on this machine, which a real remote host would run on its own CPU.`,
      `TUI over 4 hosts vs one host, same 16 workers: ratio ${ratio.median.toFixed(2)} (the TUI process alone).`,
    ],
    goals: [],
  };
}
