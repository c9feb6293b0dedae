// Targets on the command line and the socket: `all`, an app name, or one worker `app:id`.
import { UserError } from '../errors.js';

export type ParsedTarget =
  | { kind: 'all' }
  | { kind: 'app'; app: string }
  | { kind: 'worker'; app: string; id: number };

/** Parse a target string; `knownApps` makes an unknown name a UserError that lists the known ones. */
export function parseTarget(target: string | undefined, knownApps: readonly string[]): ParsedTarget {
  if (target === undefined || target === 'all') return { kind: 'all' };
  const match = /^(.*):(\d+)$/.exec(target);
  const app = match ? match[1]! : target;
  if (!knownApps.includes(app)) {
    const known = knownApps.length ? `known apps: ${knownApps.join(', ')}` : 'no app is running';
    throw new UserError(`unknown app "${app}" (${known}); a target is an app name, <app>:<id> or all`, { code: 'unknown-app' });
  }
  return match ? { kind: 'worker', app, id: Number(match[2]) } : { kind: 'app', app };
}
