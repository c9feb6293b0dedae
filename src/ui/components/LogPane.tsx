// The merged log pane: a title line, then only the visible slice of the listed lines (never a
// <Static>: a capped array would stop showing new lines, and Static output lives forever).
import { Box, Text } from 'ink';
import type { LogLine } from '../../model/types.js';
import { logTitle } from '../chrome-model.js';
import { logLine, logWindow, tagWidth } from '../log-model.js';
import type { LogScroll } from '../view-state.js';
import { LineText } from './LineText.js';

export interface LogPaneProps {
  /** The lines listed (filters applied), oldest first. */
  lines: readonly LogLine[];
  scroll: LogScroll;
  /** Lines available, title included. */
  height: number;
  width: number;
  filter: string;
  /** `app:id` when only the selected worker's lines are listed. */
  onlyLabel: string | null;
  /** Width of the `app#slot` column (see tagWidth); default: fit the listed lines. */
  tagWidth?: number;
}

/** The log pane, exactly `height` lines tall. */
export function LogPane({ lines, scroll, height, width, filter, onlyLabel, tagWidth: tag = tagWidth(null, lines) }: LogPaneProps) {
  if (height <= 0) return null;
  const win = logWindow(lines, scroll, height - 1);
  return (
    <Box flexDirection="column" height={height} overflowY="hidden">
      <LineText line={logTitle(width, { onlyLabel, filter, following: win.following, below: win.below })} />
      {win.visible.length === 0 ? <Text dimColor>{filter || onlyLabel ? 'no line matches' : 'no log lines yet'}</Text> : null}
      {win.visible.map((l, row) => (
        // keyed by row, not seq: rows are slots of the screen, and no source's numbering (a
        // repeat, a restart from 1) can then leave a stale row behind (issue-80x24 test)
        <LineText key={row} line={logLine(l, tag)} />
      ))}
    </Box>
  );
}
