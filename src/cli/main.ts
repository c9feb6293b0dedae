// The `clmon` program: parse, dispatch, and turn errors into messages and exit codes (docs/cli.md):
// 0 success, 1 failed at run time, 2 bad usage or input. No stack traces for user mistakes.
// Every command module is light: heavy parts (config loading, the UI) are imported on use.
import { Command, CommanderError } from 'commander';
import { registerActions } from './actions.js';
import { registerAttach } from './attach.js';
import { registerDaemon } from './daemon.js';
import { registerDescribe } from './describe.js';
import { registerFlush } from './flush.js';
import { registerImport } from './import-pm2.js';
import { registerDiagnostics } from './diagnostics.js';
import { registerKill } from './kill.js';
import { registerLogs } from './logs.js';
import { registerLs } from './ls.js';
import { registerReload } from './reload.js';
import { registerSave } from './save.js';
import { registerScale } from './scale.js';
import { registerServe } from './serve.js';
import { registerStart } from './start.js';
import { registerStartup } from './startup.js';
import { endOnClosedStdout, reportError } from './report-error.js';

/** The program; `run` (which loads the supervisor) is imported only when argv needs it. */
export async function buildProgram(argv: string[] = process.argv): Promise<Command> {
  const program = new Command('clmon')
    .description('Terminal UI monitor and supervisor for clustered Node.js process groups')
    .option('--home <dir>', 'home of sockets, logs and the daemon pid file (env CLMON_HOME, default ~/.clmon)')
    .showHelpAfterError()
    .exitOverride();
  if (needsRun(argv)) {
    const { registerRun } = await import('./run.js');
    registerRun(program);
  } else {
    // Listed for `clmon frobnicate`'s error; never dispatched to (argv would have needed it).
    program.command('run').description('spawn the group in this process and open the TUI').allowUnknownOption().allowExcessArguments();
  }
  registerStart(program);
  registerLs(program);
  registerDescribe(program);
  registerLogs(program);
  registerActions(program);
  registerReload(program);
  registerScale(program);
  registerKill(program);
  registerServe(program);
  registerAttach(program);
  registerSave(program);
  registerDaemon(program);
  registerFlush(program);
  registerStartup(program);
  registerImport(program);
  registerDiagnostics(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  endOnClosedStdout();
  const program = await buildProgram(argv);
  try {
    await program.parseAsync(argv);
  } catch (err) {
    process.exitCode = exitCodeFor(err);
  }
}

/**
 * Does this command line need the real `run` command: `clmon run …`, or help that lists it?
 * Everything else (ls, logs, …) skips loading the supervisor: BENCHMARKS.md, `clmon ls` is fast.
 */
function needsRun(argv: string[]): boolean {
  const args = argv.slice(2);
  if (args.some((a) => a === '--help' || a === '-h')) return true;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--home') i++;
    else if (!arg.startsWith('-')) return arg === 'run' || arg === 'help';
  }
  return false;
}

/** Print what the user needs and pick the exit code. */
function exitCodeFor(err: unknown): number {
  // commander already printed its message (or the help / version text)
  if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
  return reportError(err);
}
