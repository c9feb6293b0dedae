// How a command that failed ends (docs/cli.md, "Exit codes"): a clmon error prints its message
// alone and exits with its code (2 user mistake, 1 run-time failure); anything else is a bug,
// printed with its stack, exit 1. Shared by the commander program (main.ts) and the light path
// of `clmon ls` (light.ts), which must fail exactly alike.
import { ClmonError, stackOf } from '../errors.js';
import { safeLines } from '../safe-text.js';

/** Print what the user needs about a failure that is not commander's; returns the exit code. */
export function reportError(err: unknown): number {
  if (err instanceof ClmonError) {
    process.stderr.write(`clmon: ${safeLines(err.message)}\n`);
    return err.exitCode;
  }
  process.stderr.write(`clmon: internal error: ${safeLines(stackOf(err))}\n`);
  return 1;
}

/**
 * `clmon logs --follow | head`: the reader went away; that is the end, not a crash. EIO: the
 * terminal itself went away (SIGHUP follows). (`run` and the TUI stop or detach first; see
 * run.ts, ui/hangup.ts.)
 */
export function endOnClosedStdout(): void {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE' && err.code !== 'EIO') throw err;
    if (process.stdout.listenerCount('error') === 1) process.exit(0);
  });
}
