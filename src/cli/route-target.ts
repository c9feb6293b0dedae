// Which supervisor a target concerns when a home has several (the daemon and `clmon run`s):
// `all` is every one; an app is the one that runs it; a name in two places must be picked.
import { UserError } from '../errors.js';
import { parseTarget } from '../model/targets.js';
import type { Source } from '../model/source.js';
import { HostSource } from '../remote/host-source.js';
import { SocketSource } from '../sources/socket-source.js';
import { memberName } from './members.js';

/** The members to act on for `target`; unknown or ambiguous apps are UserErrors. */
export async function routeTarget(members: Source[], target: string): Promise<Source[]> {
  // One supervisor validates the target itself, with the same message: skip a round trip.
  if (members.length === 1) return members;
  const snapshots = await Promise.all(members.map((m) => m.snapshot(false)));
  const names = snapshots.map((s) => s.apps.map((a) => a.name));
  const parsed = parseTarget(target, [...new Set(names.flat())]);
  if (parsed.kind === 'all') return members.filter((_, i) => names[i]!.length > 0);
  const holders = members.filter((_, i) => names[i]!.includes(parsed.app));
  // on several hosts (--via) the same app on each is the point: act on every one
  if (holders.length > 1 && !holders.every((m) => m instanceof HostSource)) {
    const where = holders.map((m) => `${memberName(m)}${m instanceof SocketSource ? ` (--socket ${m.client.socketPath})` : ''}`).join(', ');
    throw new UserError(`app "${parsed.app}" runs in ${holders.length} supervisors of this home: ${where}; pick one with --socket <path>`);
  }
  return holders;
}
