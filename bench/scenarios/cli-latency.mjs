// Scenario 4: CLI latency. A daemon with 4 workers each; `clmon ls --json` vs `pm2 jlist`,
// timed as whole processes (spawn to exit, Node startup included), alternating, after one
// untimed warm-up of each. Every answer is checked to list the 4 workers.
import { Clmon } from '../lib/clmon.mjs';
import { Pm2 } from '../lib/pm2.mjs';
import { runCommand } from '../lib/proc.mjs';
import { waitOnline } from '../lib/serving.mjs';
import { fmtSummary, summarize } from '../lib/stats.mjs';

const PORTS = { clmon: 29131, pm2: 29132 };

export const scenario = {
  id: 'cli',
  title: '4. CLI latency (daemon with 4 workers)',
  ports: Object.values(PORTS),
  run,
};

async function run(ctx) {
  const clmon = new Clmon(ctx, 'cli');
  const pm2 = new Pm2(ctx, 'cli');
  await clmon.start(ctx.apps.http, 'web', { instances: 4, env: { BENCH_PORT: String(PORTS.clmon) } });
  await pm2.start(ctx.apps.http, 'web', { instances: 4, env: { BENCH_PORT: String(PORTS.pm2) } });
  await waitOnline(clmon, 'web', 4);
  await waitOnline(pm2, 'web', 4);

  const commands = {
    clmon: { label: 'clmon ls --json', argv: clmon.argv(['ls', '--json']), env: process.env, count: (out) => JSON.parse(out).apps[0].workers.length },
    floor: { label: 'node -e 0 (Node startup alone)', argv: [process.execPath, ['-e', '0']], env: process.env, count: () => 4 },
    pm2: { label: 'pm2 jlist', argv: pm2.argv(['jlist']), env: pm2.env(), count: (out) => JSON.parse(out.slice(out.indexOf('['))).length },
  };
  const runs = ctx.quick ? 3 : 10;
  const times = { clmon: [], pm2: [], floor: [] };
  for (let i = -1; i < runs; i++) {
    for (const name of i % 2 === 0 ? ['clmon', 'pm2', 'floor'] : ['pm2', 'clmon', 'floor']) {
      const { label, argv, env, count } = commands[name];
      const result = await runCommand(argv[0], argv[1], { env, timeoutMs: 30_000 });
      if (result.code !== 0) throw new Error(`${label} exited with ${result.code}: ${result.stderr.trim().slice(-300)}`);
      const workers = count(result.stdout);
      if (workers !== 4) throw new Error(`${label} listed ${workers} workers, expected 4`);
      if (i >= 0) times[name].push(result.ms);
    }
  }
  await Promise.all([clmon.dispose(), pm2.dispose()]);

  const c = summarize(times.clmon);
  const p = summarize(times.pm2);
  const ratios = summarize(times.clmon.map((t, i) => t / times.pm2[i]));
  const floor = summarize(times.floor);
  const overFloor = summarize(times.clmon.map((t, i) => t - times.floor[i]));
  return {
    notes: [
      `Node's own start-up (\`node -e 0\`) takes ${floor.median.toFixed(0)} ms here, ${((floor.median / p.median) * 100).toFixed(0)} % of \`pm2 jlist\`: the goal (half of \`pm2 jlist\`, ${(p.median / 2).toFixed(0)} ms) leaves clmon ${(p.median / 2 - floor.median).toFixed(0)} ms of its own work; it spends ${(c.median - floor.median).toFixed(0)} ms (imports, connecting, the request).`,
    ],
    description: `Wall time of the whole command (\`node bin/clmon.js ls --json\` and \`node node_modules/pm2/bin/pm2 jlist\`), ${runs} runs each, alternating, against a running daemon with 4 workers. \`node -e 0\` is the floor any Node CLI pays before its first line of code.`,
    tables: [
      {
        headers: ['command', 'wall time (ms)', 'ratio to pm2 jlist'],
        rows: [
          [commands.clmon.label, fmtSummary(c), fmtSummary(ratios, 2)],
          [commands.pm2.label, fmtSummary(p), '1.00'],
          [commands.floor.label, fmtSummary(summarize(times.floor)), fmtSummary(summarize(times.floor.map((t, i) => t / times.pm2[i])), 2)],
        ],
      },
    ],
    goals: [
      {
        goal: '`clmon ls --json` at most half the time of `pm2 jlist`',
        result: `${c.median.toFixed(0)} ms vs ${p.median.toFixed(0)} ms (ratio ${ratios.median.toFixed(2)})`,
        met: ratios.median <= 0.5,
      },
      {
        goal: '`clmon ls --json` within 15 ms of `node -e 0`',
        result: `${c.median.toFixed(0)} ms vs ${floor.median.toFixed(0)} ms (+${overFloor.median.toFixed(0)} ms, median of the runs' differences)`,
        met: overFloor.median <= 15,
      },
    ],
  };
}
