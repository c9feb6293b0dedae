// A source reads its backfill from the same ring that feeds its live batches, so the lines still
// pending in a batch come twice: in the backfill and live, with the same seq. The store keeps
// each line once, in seq order, whichever copy arrived first. (Repeated lines broke the log pane
// at 80x24: test/ui/issue-80x24-backfill-overlap.test.tsx.)
import type { LogLine } from '../model/types.js';

/** The seq range a backfill covered: live lines inside it are repeats. */
export interface BackfillRange {
  min: number;
  max: number;
}

/** The lines held so far (live, oldest first) merged with a backfill (oldest first), each once. */
export function mergeBackfill(live: readonly LogLine[], backfill: readonly LogLine[]): readonly LogLine[] {
  if (live.length === 0) return backfill;
  const oldest = live[0]!.seq;
  const newest = live[live.length - 1]!.seq;
  return [...backfill.filter((l) => l.seq < oldest), ...live, ...backfill.filter((l) => l.seq > newest)];
}

/** The seq range of a backfill, or null for an empty one. */
export function backfillRange(backfill: readonly LogLine[]): BackfillRange | null {
  return backfill.length === 0 ? null : { min: backfill[0]!.seq, max: backfill[backfill.length - 1]!.seq };
}

/**
 * A live batch minus the lines the backfill already brought. A range test, not "seq <= max": a
 * source that restarted its numbering (a restarted daemon) must not lose lines.
 */
export function withoutRepeats(lines: readonly LogLine[], range: BackfillRange): readonly LogLine[] {
  return lines.filter((l) => l.seq < range.min || l.seq > range.max);
}
