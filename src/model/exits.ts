// A worker's exit history, kept the same way by every source: most recent first, at most
// MAX_EXITS records, and the `lastExit` summary of the JSON output taken from the newest one.
import type { ExitRecord, ExitSummary } from './types.js';

/** Exit records kept per worker (describe shows them, `--json` prints them all). */
export const MAX_EXITS = 50;

/** Put `record` first in `history` and drop the oldest beyond MAX_EXITS. */
export function pushExit(history: ExitRecord[], record: ExitRecord): void {
  history.unshift(record);
  if (history.length > MAX_EXITS) history.length = MAX_EXITS;
}

/** The `lastExit` fields of an exit (a record or a summary), nothing more. */
export function exitSummary(exit: ExitSummary): ExitSummary {
  const { at, code, signal, uptimeMs, cause, reason } = exit;
  return reason ? { at, code, signal, uptimeMs, cause, reason } : { at, code, signal, uptimeMs, cause };
}
