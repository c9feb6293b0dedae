// The log pane as data: which lines are listed (filters), which of them are visible (scroll),
// and how each is drawn (time, `app#slot` in the worker's colour, stderr marked).
import type { LogLine } from '../supervisor/types.js';
import { formatClock } from './format.js';
import { seg, type Line } from './line.js';
import { workerColor } from './palette.js';
import { sanitizeText } from './sanitize.js';
import { indexAtOrBefore, type LogScroll, type Selection } from './view-state.js';

export interface LogFilter {
  /** Case-insensitive text to find in the line or its `app#slot`. */
  text: string;
  /** Only this worker's lines (`f`), or null for all. */
  only: Selection | null;
}

/** The lines the pane lists, oldest first. Returns the input itself when nothing filters. */
export function filterLogs(lines: readonly LogLine[], filter: LogFilter): readonly LogLine[] {
  const needle = filter.text.toLowerCase();
  const only = filter.only;
  if (!needle && !only) return lines;
  return lines.filter((l) => {
    if (only && (l.app !== only.app || l.id !== only.id)) return false;
    return !needle || l.text.toLowerCase().includes(needle) || `${l.app}#${l.id}`.toLowerCase().includes(needle);
  });
}

export interface LogWindow {
  visible: readonly LogLine[];
  following: boolean;
  /** Listed lines below the visible ones (new lines while scrolled up). */
  below: number;
}

/** The `height` lines to draw: the tail when following, else those ending at the scroll anchor. */
export function logWindow(lines: readonly LogLine[], scroll: LogScroll, height: number): LogWindow {
  if (height <= 0) return { visible: [], following: scroll.follow, below: 0 };
  let end = lines.length;
  if (!scroll.follow) {
    end = indexAtOrBefore(lines, scroll.endSeq) + 1;
    // an anchor older than every kept line shows the oldest page
    end = Math.max(end, Math.min(height, lines.length));
  }
  const start = Math.max(0, end - height);
  return { visible: lines.slice(start, end), following: scroll.follow, below: lines.length - end };
}

/** Width of the `app#slot` column: the longest among the visible lines, so prefixes line up. */
export function tagWidth(lines: readonly LogLine[]): number {
  let width = 0;
  for (const l of lines) width = Math.max(width, l.app.length + 1 + String(l.id).length);
  return Math.min(width, 24);
}

/** One drawn log line: `HH:MM:SS app#slot ` then `!` for stderr, then the sanitized text. */
export function logLine(line: LogLine, width: number): Line {
  const tag = `${line.app}#${line.id}`;
  const shown = tag.length > width ? `${tag.slice(0, width - 1)}…` : tag.padEnd(width);
  const err = line.stream === 'err';
  return [
    seg(`${formatClock(line.at)} `, { dim: true }),
    seg(sanitizeText(shown), { color: workerColor(line.app, line.id) }),
    seg(err ? ' ! ' : '   ', { color: 'red', bold: err }),
    seg(sanitizeText(line.text), err ? { color: 'red' } : {}),
  ];
}
