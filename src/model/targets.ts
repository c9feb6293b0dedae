// Targets on the command line and the socket: `all`, an app name, or one worker `app:id`; and
// the one predicate that says which workers (and so which log lines) a target selects.
import { UserError } from '../errors.js';
import type { LogQuery } from './controller.js';
import type { LogLine } from './types.js';

export type ParsedTarget =
  | { kind: 'all' }
  | { kind: 'app'; app: string }
  | { kind: 'worker'; app: string; id: number };

/** Parse a target string; `knownApps` makes an unknown name a UserError that lists the known ones. */
export function parseTarget(target: string | undefined, knownApps: readonly string[]): ParsedTarget {
  const parsed = splitTarget(target);
  if (parsed.kind !== 'all' && !knownApps.includes(parsed.app)) {
    const known = knownApps.length ? `known apps: ${knownApps.join(', ')}` : 'no app is running';
    throw new UserError(`unknown app "${parsed.app}" (${known}); a target is an app name, <app>:<id> or all`, { code: 'unknown-app' });
  }
  return parsed;
}

/** Whether the worker `app:id` is one the target selects (an unknown app selects nothing). */
export function selects(target: ParsedTarget, app: string, id: number): boolean {
  return target.kind === 'all' || (app === target.app && (target.kind === 'app' || id === target.id));
}

/** A predicate for a log query's target and stream (the target is not checked against the apps). */
export function lineMatcher(query: Pick<LogQuery, 'target' | 'stream'>): (line: LogLine) => boolean {
  const target = splitTarget(query.target);
  const { stream } = query;
  return (line) => (stream === undefined || line.stream === stream) && selects(target, line.app, line.id);
}

/** The parts of a target string, without checking the app exists. */
function splitTarget(target: string | undefined): ParsedTarget {
  if (target === undefined || target === 'all') return { kind: 'all' };
  const match = /^(.*):(\d+)$/.exec(target);
  return match ? { kind: 'worker', app: match[1]!, id: Number(match[2]) } : { kind: 'app', app: target };
}
