// `clmon attach`, also the bare `clmon`: open the TUI on a running group (docs/cli.md#where-a-command-looks) — the home's
// daemon or a `clmon run` (a prompt if several), --socket, --pm2, or --pid with --log files.
// `q` detaches; the group keeps running. The UI is imported only here, and only now.
import { join } from 'node:path';
import type { Command } from 'commander';
import { RuntimeError, UserError } from '../errors.js';
import { connectControl, type ControlClient } from '../daemon/control-client.js';
import { discoverSupervisors } from '../daemon/discover.js';
import { SocketSource } from '../sources/socket-source.js';
import type { Source } from '../model/source.js';
import { homeOf } from './context.js';
import { noSupervisor, openExternalSource } from './members.js';
import { pickSupervisor } from './pick-supervisor.js';
import { addSourceOptions, checkExclusive, type SourceOptions } from './source-options.js';
import { addViaOptions, viaHosts, type ViaOptions } from './via-options.js';
import type { ViaHost } from '../remote/via-prefix.js';
import { ReadOnlySource } from '../sources/read-only-source.js';

/** Register `attach` as the default command. */
export function registerAttach(program: Command): void {
  const cmd = program
    .command('attach', { isDefault: true })
    .description('open the TUI on a running group: the daemon or a `clmon run` of the home, or every host of --via / --hosts (the default command)')
    .allowExcessArguments();
  cmd.option('--read-only', 'watch only: every action key is disabled (and says so)');
  addViaOptions(addSourceOptions(cmd)).action(async (opts: SourceOptions & ViaOptions & { readOnly?: boolean }, self: Command) => {
    if (self.args.length > 0) {
      const commands = program.commands.map((c) => c.name()).join(', ');
      throw new UserError(`unknown command "${self.args[0]}"; the commands are ${commands} (clmon --help)`);
    }
    checkExclusive(opts);
    const hosts = viaHosts(opts);
    const opened = hosts.length > 0 ? await openManyHosts(hosts) : await openSource(homeOf(self), opts);
    const source = opts.readOnly ? new ReadOnlySource(opened) : opened;
    // The group going away ends the TUI (exit 1, saying so); `q` just detaches (exit 0).
    const gone = new AbortController();
    let lost: string | undefined;
    source.onLost((message) => {
      lost = message;
      gone.abort();
    });
    try {
      const { runTui } = await import('../ui/run-tui.js');
      // the header shows the free space of this home's logs disk when the group is this machine's own
      const logsDir = hosts.length === 0 && !opts.pm2 && !opts.pid ? join(homeOf(self), 'logs') : undefined;
      await runTui(source, { mode: 'attach', signal: gone.signal, logsDir });
    } finally {
      await source.close();
    }
    if (lost) throw new RuntimeError(lost);
  });
}

/** Every host of --via / --hosts in one Source; links come up (and retry) on their own. */
async function openManyHosts(hosts: ViaHost[]): Promise<Source> {
  const { ManyHostsSource } = await import('../remote/many-hosts-source.js');
  return new ManyHostsSource(hosts);
}

async function openSource(home: string, opts: SourceOptions): Promise<Source> {
  if (opts.pm2 || opts.pid) return openExternalSource(opts);
  if (opts.socket) return new SocketSource(await connectControl(opts.socket));
  const { clients } = await discoverSupervisors(home);
  if (clients.length === 0) throw noSupervisor(home);
  let chosen: ControlClient | undefined;
  try {
    chosen = clients.length > 1 ? await pickSupervisor(clients) : clients[0]!;
  } finally {
    await Promise.all(clients.filter((c) => c !== chosen).map((c) => c.close()));
  }
  return new SocketSource(chosen);
}
