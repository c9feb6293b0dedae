// `clmon ls` / `clmon status`: the process table of every supervisor of the home (or of
// --socket / --pm2 / --pid); `--json` prints docs/json.md.
import type { Command } from 'commander';
import { homeOf } from './context.js';
import { withMembers } from './members.js';
import { HostSource } from '../remote/host-source.js';
import { printApps } from './print-apps.js';
import { addViaOptions } from './via-options.js';
import { addSourceOptions, type SourceOptions } from './source-options.js';

/** Register `ls` (alias `status`). */
export function registerLs(program: Command): void {
  const cmd = program
    .command('ls')
    .alias('status')
    .description('the process table: the daemon and every running `clmon run` of the home')
    .option('--json', 'print JSON (docs/json.md)');
  addViaOptions(addSourceOptions(cmd)).action(async (opts: SourceOptions & { json?: boolean }, self: Command) => {
    await withMembers(homeOf(self), opts, (members) =>
      printApps(members, opts.json === true, members.length > 1 || members.some((m) => m instanceof HostSource)),
    );
  });
}
