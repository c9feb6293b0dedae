// Scenario 7: what a restart loop costs the supervisor. A script that exits at once, with
// max_restarts raised so the loop lasts the whole window (with the defaults both give up
// within seconds: that outcome is recorded first). Both loops run during the same windows;
// CPU is the daemon's own (and its helpers'), not the short-lived workers'.
import { Clmon } from '../lib/clmon.mjs';
import { Pm2 } from '../lib/pm2.mjs';
import { cpuPercent, readMemory, snapshotTicks } from '../lib/proc-stats.mjs';
import { sleep, waitFor } from '../lib/proc.mjs';
import { fmtSummary, mib, summarize } from '../lib/stats.mjs';
import { supervisorPids } from '../lib/supervisor-pids.mjs';

export const scenario = {
  id: 'restart-loop',
  title: '7. Restart-loop cost (a script that exits at once)',
  ports: [],
  run,
};

async function run(ctx) {
  const windowS = ctx.quick ? 10 : 60;
  const systems = { clmon: new Clmon(ctx, 'restart-loop'), pm2: new Pm2(ctx, 'restart-loop') };
  const labels = { clmon: 'clmon', pm2: 'PM2' };

  // With the defaults (max_restarts 16 for both), how does each loop end?
  const defaults = {};
  for (const sys of Object.values(systems)) await sys.start(ctx.apps.crash, 'defaults');
  for (const [name, sys] of Object.entries(systems)) {
    defaults[name] = await waitFor(
      async () => {
        const [w] = await sys.workers('defaults');
        return w && ['errored', 'stopped'].includes(w.status) ? w : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 500, what: `${name}: the defaults loop to give up` },
    ).catch(() => ({ status: 'still restarting after 60 s', restarts: NaN }));
  }

  for (const sys of Object.values(systems)) await sys.start(ctx.apps.crash, 'loop', { flags: ['--max-restarts', '1000000'] });
  await sleep(3000);
  const samples = [];
  for (let r = 0; r < ctx.runs; r++) {
    const start = {};
    for (const [name, sys] of Object.entries(systems)) {
      const pids = supervisorPids(sys.daemonPid(), []);
      start[name] = { pids, ticks: snapshotTicks(pids), restarts: (await sys.workers('loop'))[0].restarts };
    }
    const t0 = Date.now();
    await sleep(windowS * 1000);
    const sample = {};
    for (const [name, sys] of Object.entries(systems)) {
      const seconds = (Date.now() - t0) / 1000;
      const cpu = cpuPercent(start[name].ticks, snapshotTicks(start[name].pids), seconds);
      const restarts = (await sys.workers('loop'))[0].restarts - start[name].restarts;
      const rss = readMemory(sys.daemonPid())?.rss ?? NaN;
      sample[name] = { cpu, restarts, rss, msPerRestart: ((cpu / 100) * seconds * 1000) / restarts };
    }
    samples.push(sample);
    ctx.log(
      `  run ${r + 1}/${ctx.runs}: ${Object.entries(sample)
        .map(([n, s]) => `${n} ${s.restarts} restarts, ${s.cpu.toFixed(1)} % CPU`)
        .join('; ')}`,
    );
  }
  await Promise.all(Object.values(systems).map((sys) => sys.dispose()));

  const col = (name, f, digits) => fmtSummary(summarize(samples.map((s) => f(s[name]))), digits);
  return {
    description: `\`crash-now.cjs\` calls \`process.exit(1)\` on its first line. Started with \`--max-restarts 1000000\` (otherwise defaults: no restart delay, min_uptime 1 s) so that the loop lasts; both loops run at the same time, and each run is a ${windowS} s window of them. Supervisor CPU is utime+stime of the daemon and its helper processes from /proc, as % of one core; the workers' own start-up CPU is not in it.`,
    tables: [
      {
        headers: ['supervisor', `restarts in ${windowS} s`, 'supervisor CPU (% of a core)', 'supervisor CPU per restart (ms)', 'daemon RSS at the end (MiB)'],
        rows: Object.keys(systems).map((name) => [
          labels[name],
          col(name, (s) => s.restarts),
          col(name, (s) => s.cpu, 1),
          col(name, (s) => s.msPerRestart, 1),
          col(name, (s) => mib(s.rss), 1),
        ]),
      },
    ],
    notes: [
      `With the defaults (max_restarts 16, no delay) the same script ends as: ${Object.keys(systems)
        .map((n) => `${labels[n]} "${defaults[n].status}" after ${defaults[n].restarts} restarts`)
        .join(', ')}.`,
      'The two loops share the 2 cores during the window, so each gets about one core for its workers’ start-ups; the restart counts depend on that.',
    ],
    goals: [],
  };
}
