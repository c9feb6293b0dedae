// Which lines a log query selects: a target (`all`, `app`, `app:id`) and an optional stream.
import type { LogQuery } from '../model/controller.js';
import type { LogLine } from '../model/types.js';

/** A predicate for a query's target and stream; an unknown app simply matches nothing. */
export function lineMatcher(query: Pick<LogQuery, 'target' | 'stream'>): (line: LogLine) => boolean {
  const { target, stream } = query;
  const any = target === undefined || target === 'all';
  const worker = any ? null : /^(.*):(\d+)$/.exec(target);
  const app = any ? null : worker ? worker[1]! : target;
  const id = worker ? Number(worker[2]) : null;
  return (line) =>
    (app === null || line.app === app) && (id === null || line.id === id) && (stream === undefined || line.stream === stream);
}
