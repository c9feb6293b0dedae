// Scenario 5: the cost of watching. 8 idle workers under each daemon; `clmon attach` and
// `pm2 monit` each in a real terminal (tmux, 160x50), both open during the same window so the
// machine's noise hits them alike. CPU from /proc ticks over the window (% of one core), RSS
// sampled every second; the daemons (with their helper processes, without workers) alike.
import { Clmon } from '../lib/clmon.mjs';
import { Pm2 } from '../lib/pm2.mjs';
import { cpuPercent, descendants, readCmdline, readMemory, sampleRss, snapshotTicks } from '../lib/proc-stats.mjs';
import { isAlive, sleep, waitFor } from '../lib/proc.mjs';
import { waitOnline } from '../lib/serving.mjs';
import { fmtSummary, mib, summarize } from '../lib/stats.mjs';
import { supervisorPids } from '../lib/supervisor-pids.mjs';
import { Tmux } from '../lib/tmux.mjs';
import { spawnSync } from 'node:child_process';

export const scenario = {
  id: 'monitoring',
  title: '5. Monitoring cost (8 idle workers, TUI attached)',
  ports: [],
  run,
};

async function run(ctx) {
  if (spawnSync('tmux', ['-V']).error) throw new Error('tmux is not installed (apt-get install tmux): the TUIs need a terminal');
  const windowS = ctx.quick ? 10 : 60;
  const warmupS = ctx.quick ? 3 : 5;
  const clmon = new Clmon(ctx, 'monitoring');
  const pm2 = new Pm2(ctx, 'monitoring');
  await clmon.start(ctx.apps.idle, 'idle', { instances: 8 });
  await pm2.start(ctx.apps.idle, 'idle', { instances: 8 });
  const workers = { clmon: await waitOnline(clmon, 'idle', 8), pm2: await waitOnline(pm2, 'idle', 8) };
  const daemons = {
    clmon: supervisorPids(
      clmon.daemonPid(),
      workers.clmon.map((w) => w.pid),
    ),
    pm2: supervisorPids(
      pm2.daemonPid(),
      workers.pm2.map((w) => w.pid),
    ),
  };
  const samples = [];
  let breakdown = '';
  for (let r = 0; r < ctx.runs; r++) {
    const tmux = new Tmux(ctx, `monitoring-${r}`);
    await tmux.open('clmon', clmon.argv(['attach']).flat());
    await tmux.open('pm2', pm2.argv(['monit']).flat(), { PM2_HOME: pm2.home });
    await waitFor(async () => /online/.test(await tmux.capture('clmon')) && /idle/.test(await tmux.capture('clmon')), {
      timeoutMs: 30_000,
      what: 'the clmon TUI to show the 8 workers',
    });
    await waitFor(async () => /Process List/.test(await tmux.capture('pm2')) && /idle/.test(await tmux.capture('pm2')), {
      timeoutMs: 30_000,
      what: 'pm2 monit to show the 8 workers',
    });
    const monitors = {
      clmon: await treeOf(await tmux.panePid('clmon')),
      pm2: await treeOf(await tmux.panePid('pm2')),
    };
    await sleep(warmupS * 1000);
    const sets = {
      clmonTui: monitors.clmon,
      pm2Monit: monitors.pm2,
      clmonDaemon: daemons.clmon,
      pm2Daemon: daemons.pm2,
      clmonDaemonAlone: daemons.clmon.slice(0, 1),
      pm2DaemonAlone: daemons.pm2.slice(0, 1),
    };
    const before = Object.fromEntries(Object.entries(sets).map(([k, pids]) => [k, snapshotTicks(pids)]));
    const rss = Object.fromEntries(Object.entries(sets).map(([k, pids]) => [k, sampleRss(() => pids)]));
    await sleep(windowS * 1000);
    const sample = {};
    for (const [k, pids] of Object.entries(sets)) {
      sample[k] = { cpu: cpuPercent(before[k], snapshotTicks(pids), windowS), rss: rss[k].stop().mean };
    }
    // Both TUIs must still be up, or the window measured a crashed monitor.
    if (!/online/.test(await tmux.capture('clmon'))) throw new Error('the clmon TUI no longer shows the workers at the end of the window');
    if (!/Process List/.test(await tmux.capture('pm2'))) throw new Error('pm2 monit no longer shows its screen at the end of the window');
    if (r === ctx.runs - 1) breakdown = describeSets(sets);
    // Close each monitor's terminal (SIGHUP, EOF, EIO), one after the other: time until it is gone.
    sample.clmonHup = await exitAfterHangup(tmux, 'clmon', monitors.clmon[0]);
    sample.pm2Hup = await exitAfterHangup(tmux, 'pm2', monitors.pm2[0]);
    samples.push(sample);
    ctx.log(
      `  run ${r + 1}/${ctx.runs}: clmon TUI ${sample.clmonTui.cpu.toFixed(2)} %, pm2 monit ${sample.pm2Monit.cpu.toFixed(2)} %, ` +
        `clmon daemon ${sample.clmonDaemon.cpu.toFixed(2)} %, PM2 daemon ${sample.pm2Daemon.cpu.toFixed(2)} %; ` +
        `exit after SIGHUP: clmon ${sample.clmonHup.toFixed(0)} ms, pm2 monit ${sample.pm2Hup.toFixed(0)} ms`,
    );
    await tmux.dispose();
  }
  await Promise.all([clmon.dispose(), pm2.dispose()]);

  const cpu = (k) => summarize(samples.map((s) => s[k].cpu));
  const mem = (k) => summarize(samples.map((s) => mib(s[k].rss)));
  const hup = (k) => summarize(samples.map((s) => s[k]));
  const together = (a, b) => summarize(samples.map((s) => s[a].cpu + s[b].cpu));
  const tuiRatio = summarize(samples.map((s) => s.clmonTui.cpu / s.pm2Monit.cpu));
  const daemonRss = { clmon: mem('clmonDaemon'), pm2: mem('pm2Daemon') };
  const aloneRss = { clmon: mem('clmonDaemonAlone'), pm2: mem('pm2DaemonAlone') };
  return {
    description: `8 idle workers (cluster mode) under each daemon. \`clmon attach\` and \`pm2 monit\` run side by side in one tmux server (160x50 each), both open during the same ${windowS} s window after a ${warmupS} s warm-up. CPU is utime+stime from /proc over the window, as % of one core; RSS is the mean of 1 s samples. "Daemon" counts the daemon and its helper processes (clmon's reaper), not the workers. At the end of each round each monitor's tmux window is closed (tmux kill-window: the pty hangs up, SIGHUP), one after the other, and the time until its process is gone is measured.`,
    tables: [
      {
        headers: ['process', 'clmon: CPU (% of a core)', 'clmon: RSS (MiB)', 'PM2: CPU (% of a core)', 'PM2: RSS (MiB)'],
        rows: [
          [
            'monitor (`clmon attach` / `pm2 monit`)',
            fmtSummary(cpu('clmonTui'), 2),
            fmtSummary(mem('clmonTui'), 1),
            fmtSummary(cpu('pm2Monit'), 2),
            fmtSummary(mem('pm2Monit'), 1),
          ],
          [
            'daemon (with its helper processes)',
            fmtSummary(cpu('clmonDaemon'), 2),
            fmtSummary(daemonRss.clmon, 1),
            fmtSummary(cpu('pm2Daemon'), 2),
            fmtSummary(daemonRss.pm2, 1),
          ],
          [
            'daemon process alone',
            fmtSummary(cpu('clmonDaemonAlone'), 2),
            fmtSummary(mem('clmonDaemonAlone'), 1),
            fmtSummary(cpu('pm2DaemonAlone'), 2),
            fmtSummary(mem('pm2DaemonAlone'), 1),
          ],
          ['monitor exit after its terminal closed (ms)', fmtSummary(hup('clmonHup')), '', fmtSummary(hup('pm2Hup')), ''],
          ['monitor + daemon (with helpers)', fmtSummary(together('clmonTui', 'clmonDaemon'), 2), '', fmtSummary(together('pm2Monit', 'pm2Daemon'), 2), ''],
        ],
      },
    ],
    notes: [`RSS of each process at the end of the last window: ${breakdown}.`],
    goals: [
      {
        goal: 'monitor RSS at most `pm2 monit`’s',
        result: `clmon TUI ${mem('clmonTui').median.toFixed(1)} MiB vs pm2 monit ${mem('pm2Monit').median.toFixed(1)} MiB`,
        met: mem('clmonTui').median <= mem('pm2Monit').median,
      },
      {
        goal: 'monitor gone within 30 ms of its terminal closing (tmux kill-window: SIGHUP)',
        result: `clmon TUI ${hup('clmonHup').median.toFixed(0)} ms vs pm2 monit ${hup('pm2Hup').median.toFixed(0)} ms`,
        met: hup('clmonHup').median <= 30,
      },
      {
        goal: 'monitoring CPU at most a third of `pm2 monit`’s',
        result: `clmon TUI ${cpu('clmonTui').median.toFixed(2)} % vs pm2 monit ${cpu('pm2Monit').median.toFixed(2)} % (ratio ${tuiRatio.median.toFixed(2)})`,
        met: tuiRatio.median <= 1 / 3,
      },
      {
        goal: 'daemon RSS below PM2’s (8 idle workers, monitor attached)',
        result: `with helpers ${daemonRss.clmon.median.toFixed(1)} MiB vs ${daemonRss.pm2.median.toFixed(1)} MiB (daemon process alone: ${aloneRss.clmon.median.toFixed(1)} vs ${aloneRss.pm2.median.toFixed(1)} MiB)`,
        met: daemonRss.clmon.median < daemonRss.pm2.median,
      },
    ],
  };
}

/** "clmon daemon: 52.1 MiB (daemon-main.js) + 41.0 MiB (reaper.js); …" for the notes. */
function describeSets(sets) {
  const names = { clmonTui: 'clmon TUI', pm2Monit: 'pm2 monit', clmonDaemon: 'clmon daemon', pm2Daemon: 'PM2 daemon' };
  return Object.entries(sets)
    .filter(([k]) => names[k])
    .map(([k, pids]) => {
      const parts = pids.map((pid) => `${mib(readMemory(pid)?.rss ?? 0).toFixed(1)} MiB (${shortName(readCmdline(pid))})`);
      return `${names[k]}: ${parts.join(' + ')}`;
    })
    .join('; ');
}

function shortName(cmdline) {
  if (cmdline.startsWith('PM2')) return cmdline.split('(')[0].trim();
  if (cmdline.includes('pm2/bin/pm2')) return `pm2${/ monit/.exec(cmdline)?.[0] ?? ''}`;
  const script = cmdline.split(' ').find((w) => /\.(c|m)?js$/.test(w));
  return script ? `${script.split('/').pop()}${/ attach| monit/.exec(cmdline)?.[0] ?? ''}` : cmdline.slice(0, 40);
}

async function treeOf(pid) {
  return [pid, ...descendants(pid)];
}

/** Close window `name` of `tmux` and time until `pid` has exited (a zombie counts as gone), in ms. */
async function exitAfterHangup(tmux, name, pid) {
  const start = performance.now();
  await tmux.killWindow(name);
  while (isAlive(pid)) {
    if (performance.now() - start > 30_000) throw new Error(`${name} still runs 30 s after its terminal closed`);
    await sleep(1);
  }
  return performance.now() - start;
}
