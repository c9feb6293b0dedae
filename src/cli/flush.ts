// `clmon flush [app|all]` (docs/configuration.md#logs): empty the app's log files, live and rotated, in the
// supervisor that owns them (it writes them, so the live file is emptied in place between two
// writes and logging goes on: no line written after the flush is lost, unlike pm2#3681).
import type { Command } from 'commander';
import { UserError } from '../errors.js';
import { homeOf } from './context.js';
import { SocketSource } from '../sources/socket-source.js';
import { memberName, withMembers } from './members.js';
import { routeTarget } from './route-target.js';

/** Register `flush`. */
export function registerFlush(program: Command): void {
  program
    .command('flush')
    .argument('[target]', 'an app or all (default all)', 'all')
    .description('empty the log files (live and rotated) of an app, or of every app')
    .action(async (target: string, _opts: unknown, self: Command) => {
      if (target.includes(':')) throw new UserError(`flush takes an app or all, not one worker ("${target}"): an app's files hold all its workers`);
      await withMembers(homeOf(self), {}, async (members) => {
        const routed = await routeTarget(members, target);
        for (const member of routed) {
          if (!(member instanceof SocketSource)) continue;
          const paths = await member.client.flushLogs(target);
          for (const path of paths) process.stdout.write(`flushed ${path}\n`);
          if (paths.length === 0) process.stdout.write(`no log files to flush in the ${memberName(member)}\n`);
        }
      });
    });
}
