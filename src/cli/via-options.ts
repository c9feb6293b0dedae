// `--via "<prefix>"` (repeatable) and `--hosts <file>` (docs/cli.md#many-hosts): the hosts a command reaches
// through ssh, kubectl exec or any other command, each running `clmon serve --stdio` there.
import type { Command } from 'commander';
import { UserError } from '../errors.js';
import { readHostsFile } from '../remote/hosts-file.js';
import { viaHost, type ViaHost } from '../remote/via-prefix.js';

export interface ViaOptions {
  via?: string[];
  hosts?: string;
}

/** Add --via and --hosts. */
export function addViaOptions(cmd: Command): Command {
  return cmd
    .option(
      '--via <prefix>',
      'reach a host through this command, e.g. "ssh web-1" (repeatable; runs <prefix> clmon serve --stdio)',
      (value: string, prev: string[] = []) => [...prev, value],
    )
    .option('--hosts <file>', 'hosts to reach, one "label = prefix" per line');
}

/** The hosts of --via and --hosts, in order; none = not a many-hosts command. */
export function viaHosts(opts: ViaOptions & { socket?: string; pm2?: boolean; pid?: string }): ViaHost[] {
  const hosts = [...(opts.hosts ? readHostsFile(opts.hosts) : []), ...(opts.via ?? []).map((prefix) => viaHost(prefix, `--via "${prefix}"`))];
  if (hosts.length > 0 && (opts.socket || opts.pm2 || opts.pid)) {
    throw new UserError('--via / --hosts reach clmon on other hosts; they cannot be combined with --socket, --pm2 or --pid');
  }
  const labels = new Set<string>();
  for (const host of hosts) {
    if (labels.has(host.label)) throw new UserError(`the host "${host.label}" is given twice; give each host once`);
    labels.add(host.label);
  }
  return hosts;
}
