// The merged log pane: a title line, then only the visible slice of the listed lines (never a
// <Static>: a capped array would stop showing new lines, and Static output lives forever).
import { Box, Text } from 'ink';
import type { LogLine } from '../../supervisor/types.js';
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
}

/** The log pane, exactly `height` lines tall. */
export function LogPane({ lines, scroll, height, width, filter, onlyLabel }: LogPaneProps) {
  if (height <= 0) return null;
  const win = logWindow(lines, scroll, height - 1);
  const tag = tagWidth(win.visible);
  return (
    <Box flexDirection="column" height={height} overflow="hidden">
      <LineText line={logTitle(width, { onlyLabel, filter, following: win.following, below: win.below })} />
      {win.visible.length === 0 ? <Text dimColor>{filter || onlyLabel ? 'no line matches' : 'no log lines yet'}</Text> : null}
      {win.visible.map((l) => (
        <LineText key={l.seq} line={logLine(l, tag)} />
      ))}
    </Box>
  );
}
