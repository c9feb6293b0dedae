// `clmon run <target>`: spawn the group in this process; the TUI on a TTY, else (or with
// --no-tui) prefixed log lines. Ctrl-C / SIGTERM / `q`: graceful stop of every worker, exit 0.
import type { AppSpec } from '../model/types.js';
import type { Command } from 'commander';
import { loadApps } from '../config/load-apps.js';
import { serveControlSocket, type ControlServer } from '../daemon/control-server.js';
import type { MetricsServer } from '../endpoint/metrics-server.js';
import { ensureHome, resolveHome } from '../home.js';
import { SupervisorSource } from '../sources/supervisor-source.js';
import { Supervisor } from '../supervisor/supervisor.js';
import { addAppOptions, appOverridesFromOptions } from './app-options.js';
import { reportHeadless } from './headless-reporter.js';
import { reportJson, writeEvent } from './json-reporter.js';
import { planPid1 } from '../runtime/init-shim.js';

export function registerRun(program: Command): void {
  const cmd = program
    .command('run')
    .argument('<target>', 'a script (.js, .cjs, .mjs, or any executable with --interpreter) or an ecosystem file')
    .argument('[args...]', 'arguments for the script (after --)')
    .description('spawn the group in this process and open the TUI (headless log lines without a TTY)')
    .option('--no-tui', 'run headless: print prefixed log lines and state changes (the container entrypoint)')
    .option('--json', 'headless, one JSON object per line: worker lines and supervisor events (log collectors)')
    .option('--metrics <[host:]port>', 'serve /metrics (Prometheus), /healthz and /readyz on this port (host default 127.0.0.1)');
  addAppOptions(cmd).action(async (target: string, args: string[], opts: Record<string, unknown>) => {
    await runCommand(target, args, opts, program.opts<{ home?: string }>().home);
  });
}

async function runCommand(target: string, args: string[], opts: Record<string, unknown>, homeOption?: string): Promise<void> {
  // a bad --metrics value is an exit 2 before anything starts; the endpoint's code loads only when asked for
  const address = typeof opts.metrics === 'string' ? (await import('../endpoint/metrics-address.js')).parseMetricsAddress(opts.metrics) : undefined;
  // As PID 1 of a container: run under clmon's own init shim, which reaps orphans (docs/cli.md#run-target-args).
  const pid1 = planPid1();
  if (pid1.kind === 'shim') return pid1.done;
  const overrides = appOverridesFromOptions(opts);
  if (args.length > 0) overrides.args = args;
  const { apps, warnings } = await loadApps(target, {
    cwd: process.cwd(),
    baseEnv: process.env,
    envName: opts.env as string | undefined,
    overrides,
  });
  for (const warning of warnings) process.stderr.write(`clmon: warning: ${warning}\n`);

  const home = resolveHome(homeOption);
  const paths = ensureHome(home);
  const supervisor = new Supervisor({ home, source: 'run' });
  let metrics: MetricsServer | undefined;
  let server: ControlServer;
  try {
    if (address) metrics = await (await import('../endpoint/metrics-server.js')).serveMetrics(supervisor, address);
    server = await serveControlSocket(supervisor, {
      socketPath: paths.runSocket(process.pid),
      kind: 'run',
      home,
      metrics: metrics?.address,
    });
  } catch (err) {
    await metrics?.close();
    await supervisor.shutdown();
    throw err;
  }
  const control = server;
  let stopping: Promise<void> | null = null;
  const stopAll = (): Promise<void> =>
    (stopping ??= supervisor.shutdown().then(async () => {
      await Promise.all([control.close(), metrics?.close()]);
    }));

  const json = opts.json === true;
  const useTui = opts.tui !== false && !json && process.stdout.isTTY === true && process.stdin.isTTY === true;
  if (useTui) {
    const { runTui } = await import('../ui/run-tui.js');
    onSignals(() => void stopAll());
    await startOrStop(supervisor, apps, stopAll);
    await runTui(new SupervisorSource(supervisor, 'run', `run ${target} (pid ${process.pid})`), {
      logsDir: paths.logs,
      mode: 'run',
      onQuit: stopAll,
    });
    await stopAll();
    return;
  }

  const unsubscribe = json ? reportJson(supervisor, process.stdout) : reportHeadless(supervisor, process.stdout);
  const say = (message: string, out: NodeJS.WritableStream = process.stdout): void => {
    if (json) writeEvent(out, { app: null, id: null, event: 'notice', level: 'warn', message });
    else out.write(`clmon: ${message}\n`);
  };
  if (pid1.kind === 'warn') say(pid1.message, process.stderr);
  await startOrStop(supervisor, apps, stopAll);
  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (why: string, out: NodeJS.WritableStream = process.stdout): void => {
      // A second signal: stop at once (docs/cli.md#run-target-args), every worker tree SIGKILLed.
      if (stopping) return void stopNow(supervisor, why, say);
      stopping = true;
      if (json) writeEvent(out, { app: null, id: null, event: 'shutdown', reason: why });
      else {
        unsubscribe();
        out.write(`clmon: ${why}: stopping every worker gracefully\n`);
      }
      void stopAll().then(() => {
        if (json) {
          unsubscribe();
          writeEvent(out, { app: null, id: null, event: 'shutdown-complete' });
        }
        resolve();
      });
    };
    onSignals((signal) => stop(signal));
    // `clmon run app.js --no-tui | head`: nobody reads our output any more; stop like Ctrl-C.
    process.stdout.on('error', () => stop('output closed', process.stderr));
  });
}

/** Start the apps; if that fails (nothing started), close the socket too so `run` exits at once. */
async function startOrStop(supervisor: Supervisor, apps: AppSpec[], stopAll: () => Promise<void>): Promise<void> {
  try {
    await supervisor.start(apps);
  } catch (err) {
    await stopAll();
    throw err;
  }
}

/** The second stop signal: SIGKILL every worker and its children, exit 1 without waiting more. */
async function stopNow(supervisor: Supervisor, why: string, say: (message: string) => void): Promise<void> {
  say(`${why} again: stopping at once (SIGKILL)`);
  const { killTree } = await import('../supervisor/kill-tree.js');
  const snapshot = await supervisor.snapshot();
  const pids = snapshot.apps.flatMap((app) => app.workers.map((w) => w.pid)).filter((pid): pid is number => pid !== null);
  await Promise.all(pids.map((pid) => killTree(pid, 'SIGKILL')));
  process.exit(1);
}

/** SIGINT, SIGTERM and SIGHUP (the terminal went away) all mean: stop the group gracefully. */
function onSignals(handler: (signal: NodeJS.Signals) => void): void {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => handler(signal));
}
