// The supervisors of a home (the daemon and every running `clmon run`) as Sources, for the
// commands that talk to all of them by default. Kept apart from members.ts (--via, --pm2, --pid)
// so that the light path of `clmon ls` (light.ts) loads only this.
import { RuntimeError } from '../errors.js';
import { discoverSupervisors } from '../daemon/discover.js';
import { SocketSource } from '../sources/socket-source.js';

/** Every live supervisor of the home, warning about sockets that do not answer; none is an error. */
export async function openHomeMembers(home: string): Promise<SocketSource[]> {
  const { clients, silent } = await discoverSupervisors(home);
  for (const path of silent) process.stderr.write(`clmon: warning: ${path} exists but its supervisor does not answer\n`);
  if (clients.length === 0) throw noSupervisor(home);
  return clients.map((client) => new SocketSource(client));
}

/** "nothing runs here" with what to do about it. */
export function noSupervisor(home: string): RuntimeError {
  return new RuntimeError(
    `no clmon daemon or run is running for home ${home}; start one with \`clmon start <script>\` or \`clmon run <script>\` (or pick another home with --home / CLMON_HOME)`,
    { code: 'no-supervisor' },
  );
}
