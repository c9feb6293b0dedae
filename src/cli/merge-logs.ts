// Merging log lines from several supervisors (docs/cli.md: `--lines N` is N lines in total).
import type { LogLine } from '../model/types.js';

/** The N most recent of several supervisors' lines, oldest first (time, then arrival order). */
export function mergeRecent(batches: LogLine[][], lines: number): LogLine[] {
  const all = batches.length === 1 ? batches[0]! : batches.flat().sort((a, b) => a.at - b.at || a.seq - b.seq);
  return lines === 0 ? [] : all.slice(-lines);
}
