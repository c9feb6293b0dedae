// What every command needs from the global options: the home (docs/cli.md: --home, else env
// CLMON_HOME, else ~/.clmon) and the output width.
import type { Command } from 'commander';
import { resolveHome } from '../home.js';

/** The home of this invocation, wherever --home was written on the command line. */
export function homeOf(cmd: Command): string {
  return resolveHome(cmd.optsWithGlobals<{ home?: string }>().home);
}

/** Columns available for tables: the terminal's, else $COLUMNS, else no limit (pipes). */
export function outputWidth(): number {
  if (process.stdout.isTTY && process.stdout.columns) return process.stdout.columns;
  const env = Number(process.env.COLUMNS);
  return Number.isInteger(env) && env > 0 ? env : Number.POSITIVE_INFINITY;
}

/** Write lines to stdout. */
export function print(lines: string[]): void {
  if (lines.length > 0) process.stdout.write(`${lines.join('\n')}\n`);
}
