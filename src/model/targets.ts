// Targets on the command line and the socket: `all`, an app name, or one worker `app:id`; and
// the one predicate that says which workers (and so which log lines) a target selects.
import { UserError } from '../errors.js';
import type { LogQuery } from './controller.js';
import type { LogLine } from './types.js';

export type ParsedTarget = { kind: 'all' } | { kind: 'app'; app: string } | { kind: 'worker'; app: string; id: number };

/** Parse a target string; `knownApps` makes an unknown name a UserError that lists the known ones. */
export function parseTarget(target: string | undefined, knownApps: readonly string[]): ParsedTarget {
  const parsed = splitTarget(target);
  if (parsed.kind !== 'all' && !knownApps.includes(parsed.app)) {
    const malformed = malformedTarget(target!, knownApps);
    if (malformed) throw new UserError(malformed, { code: 'bad-target' });
    const known = knownApps.length ? `known apps: ${knownApps.join(', ')}` : 'no app is running';
    throw new UserError(`unknown app "${parsed.app}" (${known}); a target is an app name, <app>:<id> or all`, { code: 'unknown-app' });
  }
  return parsed;
}

/**
 * Why a target that names no known app is not even of the right form, or undefined: app names
 * have no ":" (config/validate-app.ts), so a ":" can only start a worker id, which is a number.
 * Only the part after the last "/" is checked (a `--via` host label may hold a ":").
 */
function malformedTarget(target: string, knownApps: readonly string[]): string | undefined {
  const form = 'a target is an app name, <app>:<id> with a number id (e.g. web:0) or all';
  if (target.trim() === '') return `the target is empty; ${form}`;
  const colon = target.lastIndexOf(':');
  if (colon < 0) return undefined;
  const app = target.slice(0, colon);
  const id = target.slice(colon + 1);
  if (app === '' || app.endsWith('/')) return `target "${target}" has no app name before ":"; ${form}`;
  if (app.slice(app.lastIndexOf('/') + 1).includes(':')) return `target "${target}" has more than one ":"; ${form}`;
  if (!/^\d+$/.test(id)) {
    const example = knownApps.includes(app) ? app : 'web';
    return `target "${target}": the worker id "${id}" is not a number; a worker is <app>:<id>, e.g. ${example}:0`;
  }
  return undefined;
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
