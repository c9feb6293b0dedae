// `scale web 4`, `scale web +2`, `scale web -1` (docs/cli.md: a leading minus is relative).
import { UserError } from '../errors.js';

/** The new instance count, or a UserError naming the value and what is accepted. */
export function resolveScale(app: string, current: number, count: string): number {
  const match = /^([+-]?)(\d+)$/.exec(String(count).trim());
  if (!match) {
    throw new UserError(`scale ${app}: "${count}" is not a count; use a number (4), +n (+2) or -n (-1)`);
  }
  const n = Number(match[2]);
  const next = match[1] === '+' ? current + n : match[1] === '-' ? current - n : n;
  if (next < 1) {
    throw new UserError(`scale ${app}: ${count} would leave ${next} workers (now ${current}); at least 1 — use \`clmon stop ${app}\` to stop them all`);
  }
  if (next > 1024) throw new UserError(`scale ${app}: ${next} workers is more than the 1024 clmon allows`);
  return next;
}
