// The entry of `clmon` (bin/clmon.js): `clmon ls` / `clmon status` [--json] [--home <dir>], the
// command scripts and monitoring run most, is served here without commander and without the
// other commands' modules (BENCHMARKS.md, "CLI latency": start-up is most of its time). Any other
// command line, including every mistake and --help, goes to the full program (main.ts), which
// parses, explains and exits exactly as before: this path takes only argv it understands whole.
import { resolveHome } from '../home.js';
import { openHomeMembers } from './home-members.js';
import { printApps } from './print-apps.js';
import { endOnClosedStdout, reportError } from './report-error.js';

export interface LightLs {
  /** --home, if given. */
  home: string | undefined;
  json: boolean;
}

/** The `ls` this path serves, or undefined for anything else (the full program decides). */
export function lightLs(args: readonly string[]): LightLs | undefined {
  let home: string | undefined;
  let json = false;
  let command: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--home' && home === undefined) {
      const value = args[++i];
      if (value === undefined || value === '' || value.startsWith('-')) return undefined;
      home = value;
    } else if (arg === '--json' && command !== undefined && !json) {
      json = true;
    } else if ((arg === 'ls' || arg === 'status') && command === undefined) {
      command = arg;
    } else {
      return undefined;
    }
  }
  return command === undefined ? undefined : { home, json };
}

/** Run clmon with this argv (process.argv's shape). */
export async function main(argv: string[]): Promise<void> {
  const ls = lightLs(argv.slice(2));
  if (!ls) return (await import('./main.js')).main(argv);
  endOnClosedStdout();
  try {
    const members = await openHomeMembers(resolveHome(ls.home));
    try {
      await printApps(members, ls.json, members.length > 1);
    } finally {
      // the answers are in: exit without waiting for each supervisor to close its end
      for (const member of members) member.client.release();
    }
  } catch (err) {
    process.exitCode = reportError(err);
  }
}
