// The `clmon` program: parse, dispatch, and turn errors into messages and exit codes (SPEC §2):
// 0 success, 1 failed at run time, 2 bad usage or input. No stack traces for user mistakes.
import { Command, CommanderError } from 'commander';
import { UserError } from '../errors.js';
import { registerRun } from './run.js';

export function buildProgram(): Command {
  const program = new Command('clmon')
    .description('Terminal UI monitor and supervisor for clustered Node.js process groups')
    .option('--home <dir>', 'home of sockets, logs and the daemon pid file (env CLMON_HOME, default ~/.clmon)')
    .showHelpAfterError()
    .exitOverride();
  registerRun(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (err) {
    process.exitCode = exitCodeFor(err);
  }
}

/** Print what the user needs and pick the exit code. */
function exitCodeFor(err: unknown): number {
  if (err instanceof CommanderError) {
    // commander already printed its message (or the help / version text)
    return err.exitCode === 0 ? 0 : 2;
  }
  if (err instanceof UserError) {
    process.stderr.write(`clmon: ${err.message}\n`);
    return err.exitCode;
  }
  process.stderr.write(`clmon: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  return 1;
}
