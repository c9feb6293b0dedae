// `clmon scale <app> <n|+n|-n>`. `scale web -1` must work as written (docs/cli.md): the command
// allows unknown options so that commander hands a leading-minus count over as an argument.
import { safeText } from '../safe-text.js';
import type { Command } from 'commander';
import { UserError } from '../errors.js';
import { SETTLE_MS, showAll } from './actions.js';
import { homeOf } from './context.js';
import { withMembers } from './members.js';
import { settle } from './settle.js';
import { routeTarget } from './route-target.js';
import { addSourceOptions, type SourceOptions } from './source-options.js';

const COUNT = /^[+-]?\d+$/;

/** Register `scale`. */
export function registerScale(program: Command): void {
  const cmd = program
    .command('scale')
    .argument('<app>', 'the app to scale')
    .argument('<count>', 'n (set), +n (add) or -n (remove), e.g. 4, +2, -1')
    .description('set the number of workers; scaling down stops the highest slots gracefully')
    .allowUnknownOption();
  addSourceOptions(cmd).action(async (app: string, count: string, opts: SourceOptions, self: Command) => {
    if (self.args.length > 2) {
      throw new UserError(`scale takes an app and a count, got ${self.args.map((a) => `"${a}"`).join(' ')}; e.g. clmon scale web +2`);
    }
    if (!COUNT.test(count)) throw new UserError(`scale ${app}: "${count}" is not a count; use a number (4), +n (+2) or -n (-1)`);
    if (app === 'all' || /:\d+$/.test(app)) throw new UserError(`scale takes one app name, not "${app}"`);
    await withMembers(homeOf(self), opts, async (members) => {
      const [member] = await routeTarget(members, app);
      const next = await member!.scale(app, count);
      await settle([member!], SETTLE_MS, new Set([app]));
      process.stdout.write(`scaled ${safeText(app)} to ${next} worker${next === 1 ? '' : 's'}\n`);
      await showAll(members);
    });
  });
}
