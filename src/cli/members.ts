// Opens the supervisors a command talks to (its members), as Sources: the home's daemon and runs
// over their control sockets, or the PM2 or pid group of --pm2 / --pid, loaded only when asked
// for (dynamic import keeps `clmon ls` fast).
import { clientLabel, connectControl } from '../daemon/control-client.js';
import type { Source } from '../model/source.js';
import { SocketSource } from '../sources/socket-source.js';
import { viaHosts, type ViaOptions } from './via-options.js';
import { checkExclusive, parsePidOption, type SourceOptions } from './source-options.js';
import { openHomeMembers } from './home-members.js';

export { noSupervisor } from './home-members.js';

/** Every member for the options: --socket / --pm2 / --pid, else all supervisors of the home. */
export async function openMembers(home: string, opts: SourceOptions & ViaOptions): Promise<Source[]> {
  checkExclusive(opts);
  const hosts = viaHosts(opts);
  if (hosts.length > 0) return (await import('./via-members.js')).openViaMembers(hosts);
  if (opts.socket) return [new SocketSource(await connectControl(opts.socket))];
  if (opts.pm2 || opts.pid) return [await openExternalSource(opts)];
  return openHomeMembers(home);
}

/** Run `fn` with the members open, and close them whatever happens. */
export async function withMembers<T>(home: string, opts: SourceOptions & ViaOptions, fn: (members: Source[]) => Promise<T>): Promise<T> {
  const members = await openMembers(home, opts);
  try {
    return await fn(members);
  } finally {
    await Promise.all(members.map((m) => m.close()));
  }
}

/** The PM2 or pid Source of --pm2 / --pid. */
export async function openExternalSource(opts: SourceOptions): Promise<Source> {
  if (opts.pm2) {
    const { createPm2Source } = await import('../sources/pm2/pm2-source.js');
    return createPm2Source(); // PM2_HOME, else ~/.pm2, as PM2 resolves it (pm2-link.ts)
  }
  const pid = parsePidOption(opts.pid!);
  const { createPidSource } = await import('../sources/pid/pid-source.js');
  return createPidSource({ pid, logFiles: opts.log ?? [] });
}

/** The label of a control-socket client in CLI messages ("daemon", "run pid 4242"). */
export { clientLabel };

/** How CLI messages name a member: the short label of a home's supervisor, else the source's. */
export function memberName(member: Source): string {
  return member instanceof SocketSource ? clientLabel(member.client) : member.label;
}
