// `clmon run <target>`: spawn the group in this process; the TUI on a TTY, else (or with
// --no-tui) prefixed log lines. Ctrl-C / SIGTERM / `q`: graceful stop of every worker, exit 0.
import type { Command } from 'commander';
import { loadApps } from '../config/load-apps.js';
import { serveControlSocket } from '../daemon/control-server.js';
import { ensureHome, resolveHome } from '../home.js';
import { SupervisorSource } from '../sources/supervisor-source.js';
import { Supervisor } from '../supervisor/supervisor.js';
import { addAppOptions, appOverridesFromOptions } from './app-options.js';
import { reportHeadless } from './headless-reporter.js';

export function registerRun(program: Command): void {
  const cmd = program
    .command('run')
    .argument('<target>', 'a script (.js, .cjs, .mjs, or any executable with --interpreter) or an ecosystem file')
    .argument('[args...]', 'arguments for the script (after --)')
    .description('spawn the group in this process and open the TUI (headless log lines without a TTY)')
    .option('--no-tui', 'run headless: print prefixed log lines and state changes');
  addAppOptions(cmd).action(async (target: string, args: string[], opts: Record<string, unknown>) => {
    await runCommand(target, args, opts, program.opts<{ home?: string }>().home);
  });
}

async function runCommand(target: string, args: string[], opts: Record<string, unknown>, homeOption?: string): Promise<void> {
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
  const server = await serveControlSocket(supervisor, {
    socketPath: paths.runSocket(process.pid),
    kind: 'run',
    home,
  });
  let stopping: Promise<void> | null = null;
  const stopAll = (): Promise<void> =>
    (stopping ??= supervisor.shutdown().then(() => server.close()));

  const useTui = opts.tui !== false && process.stdout.isTTY === true && process.stdin.isTTY === true;
  if (useTui) {
    const { runTui } = await import('../ui/run-tui.js');
    onSignals(() => void stopAll());
    await supervisor.start(apps);
    await runTui(new SupervisorSource(supervisor, 'run', `run ${target} (pid ${process.pid})`), {
      mode: 'run',
      onQuit: stopAll,
    });
    await stopAll();
    return;
  }

  const unsubscribe = reportHeadless(supervisor, process.stdout);
  await supervisor.start(apps);
  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (why: string, out: NodeJS.WritableStream = process.stdout): void => {
      if (stopping) return;
      stopping = true;
      unsubscribe();
      out.write(`clmon: ${why}: stopping every worker gracefully\n`);
      void stopAll().then(resolve);
    };
    onSignals((signal) => stop(signal));
    // `clmon run app.js --no-tui | head`: nobody reads our output any more; stop like Ctrl-C.
    process.stdout.on('error', () => stop('output closed', process.stderr));
  });
}

/** SIGINT, SIGTERM and SIGHUP (the terminal went away) all mean: stop the group gracefully. */
function onSignals(handler: (signal: NodeJS.Signals) => void): void {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => handler(signal));
}
