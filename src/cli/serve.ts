// `clmon serve --stdio` (docs/cli.md#many-hosts): the control protocol of this home's supervisors on
// stdin/stdout, for `clmon attach --via "<prefix>"` at the other end of ssh or kubectl exec.
import type { Command } from 'commander';
import { UserError } from '../errors.js';
import { discoverSupervisors } from '../daemon/discover.js';
import { homeOf } from './context.js';
import { noSupervisor } from './members.js';

/** Register `serve`. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('speak the control protocol on stdin/stdout for this home (used by attach --via)')
    .option('--stdio', 'on stdin/stdout (the only transport: nothing of clmon listens on the network)')
    .action(async (opts: { stdio?: boolean }, self: Command) => {
      if (!opts.stdio) throw new UserError('serve needs --stdio (clmon serve --stdio); clmon never listens on the network');
      const home = homeOf(self);
      const { clients } = await discoverSupervisors(home);
      if (clients.length === 0) throw noSupervisor(home);
      const { serveStdio } = await import('../remote/serve-stdio.js');
      await serveStdio({ home, clients });
    });
}
