// What a non-TUI command talks to (docs/cli.md#where-a-command-looks): by default every supervisor of the home; or one
// control socket (--socket), the PM2 daemon (--pm2), or a process tree (--pid, --log).
import type { Command } from 'commander';
import { UserError } from '../errors.js';

export interface SourceOptions {
  socket?: string;
  pm2?: boolean;
  pid?: string;
  log?: string[];
}

/** Add --socket, and (where external groups make sense) --pm2, --pid and --log. */
export function addSourceOptions(cmd: Command, external = true): Command {
  cmd.option('--socket <path>', 'talk to the supervisor on this control socket only');
  if (!external) return cmd;
  return cmd
    .option('--pm2', 'talk to the PM2 daemon of PM2_HOME (default ~/.pm2)')
    .option('--pid <n>', 'watch the process tree under PID n')
    .option('--log <file>', 'with --pid: a log file to read (repeatable)', (value: string, prev: string[] = []) => [...prev, value]);
}

/** The pid of --pid, or a UserError naming the value. */
export function parsePidOption(value: string): number {
  const pid = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(pid) || pid <= 0) {
    throw new UserError(`--pid "${value}" is not a process id; use a positive integer, e.g. --pid 4242`);
  }
  return pid;
}

/** At most one of --socket, --pm2, --pid. */
export function checkExclusive(opts: SourceOptions): void {
  const given = [opts.socket && '--socket', opts.pm2 && '--pm2', opts.pid && '--pid'].filter(Boolean);
  if (given.length > 1) throw new UserError(`${given.join(' and ')} cannot be combined; pick one group to talk to`);
  if (opts.log && !opts.pid) throw new UserError('--log goes with --pid <n> (log files of a process tree); clmon and PM2 groups bring their own logs');
}
