// The hosts of --via / --hosts as members for ls, describe and logs: every host is connected in
// parallel; the apps of each carry `host` (docs/cli.md#many-hosts). A host that cannot be reached is named on
// stderr with the reason and the command goes on with the others (exit 1 at the end).
import { safeText } from '../safe-text.js';
import { messageOf, RuntimeError } from '../errors.js';
import type { Source } from '../model/source.js';
import { HostSource } from '../remote/host-source.js';
import { openStdioLink } from '../remote/stdio-link.js';
import type { ViaHost } from '../remote/via-prefix.js';

/** Connect to every host; rejects only when none answers. */
export async function openViaMembers(hosts: ViaHost[]): Promise<Source[]> {
  const results = await Promise.allSettled(hosts.map((host) => openStdioLink(host)));
  const members: Source[] = [];
  for (const [i, result] of results.entries()) {
    const host = hosts[i]!;
    if (result.status === 'fulfilled') members.push(new HostSource(result.value.client, host.label));
    else {
      process.stderr.write(`clmon: host ${safeText(host.label)}: ${safeText(messageOf(result.reason))}\n`);
      process.exitCode = 1;
    }
  }
  if (members.length === 0) throw new RuntimeError(`no host answered (${hosts.map((h) => h.label).join(', ')}); see the reasons above`);
  return members;
}
