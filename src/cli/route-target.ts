// The routing rule (model/route-target.ts) over a command's members: a member's apps come from its
// snapshot, the same app on several --via hosts goes to each, a home's supervisor is named with
// its socket.
import type { Source } from '../model/source.js';
import { routeTarget as route } from '../model/route-target.js';
import { HostSource } from '../remote/host-source.js';
import { SocketSource } from '../sources/socket-source.js';
import { memberName } from './members.js';

/** The members to act on for `target`; unknown or ambiguous apps are UserErrors. */
export function routeTarget(members: Source[], target: string): Promise<Source[]> {
  return route(members, target, {
    appsOf: async (m) => (await m.snapshot(false)).apps.map((a) => a.name),
    nameOf: (m) => `${memberName(m)}${m instanceof SocketSource ? ` (--socket ${m.client.socketPath})` : ''}`,
    allHold: (holders) => holders.every((m) => m instanceof HostSource),
  });
}
