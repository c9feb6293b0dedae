// `clmon ls` / `clmon status`: the process table of every supervisor of the home (or of
// --socket / --pm2 / --pid); `--json` prints docs/json.md.
import type { Command } from 'commander';
import { homeOf } from './context.js';
import { appJson } from './json-shape.js';
import { withMembers } from './members.js';
import { HostSource } from '../remote/host-source.js';
import { showTable } from './show-table.js';
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
    await withMembers(homeOf(self), opts, async (members) => {
      const snapshots = await Promise.all(members.map((m) => m.snapshot(false)));
      const apps = snapshots.flatMap((s) => s.apps);
      if (opts.json) process.stdout.write(`${JSON.stringify({ apps: apps.map((app) => appJson(app, false)) })}\n`);
      else showTable(apps, members.length > 1 || members.some((m) => m instanceof HostSource));
    });
  });
}
