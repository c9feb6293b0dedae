// The log pane as data: which lines are listed (filters), which of them are visible (scroll),
// and how each is drawn (time, `app#slot` in the worker's colour, stderr marked).
import type { LogLine, Snapshot } from '../model/types.js';
import { formatClock } from '../format.js';
import { seg, type Line } from './line.js';
import { workerColor } from './palette.js';
import { safeText } from '../safe-text.js';
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
    return !needle || l.text.toLowerCase().includes(needle) || logTag(l).toLowerCase().includes(needle);
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

const MAX_TAG = 24;

/**
 * Width of the `app#slot` column: the longest tag among every known worker and every line held,
 * not only the visible ones, so that the text column stays put while lines scroll by.
 */
export function tagWidth(snapshot: Snapshot | null, lines: readonly LogLine[]): number {
  let width = 0;
  for (const app of snapshot?.apps ?? []) {
    for (const w of app.workers) width = Math.max(width, app.name.length + 1 + String(w.id).length);
  }
  for (const l of lines) width = Math.max(width, l.id < 0 ? l.app.length + GROUP_SUFFIX.length : l.app.length + 1 + String(l.id).length);
  return Math.min(width, MAX_TAG);
}

const GROUP_SUFFIX = ' log';

/**
 * Who wrote a line: `app#slot`, or `app log` for a line that belongs to the group rather than
 * to one worker (a negative id: a `--log` file tailed by the pid source).
 */
export function logTag(line: Pick<LogLine, 'app' | 'id'>): string {
  return line.id < 0 ? `${line.app}${GROUP_SUFFIX}` : `${line.app}#${line.id}`;
}

/** The tag in exactly `width` columns; a long app name is cut, never the `#slot` or ` log` after it. */
function fitTag(line: LogLine, width: number): string {
  const tag = logTag(line);
  if (tag.length <= width) return tag.padEnd(width);
  const suffix = tag.slice(line.app.length);
  if (suffix.length + 2 > width) return `${tag.slice(0, width - 1)}…`;
  const room = width - suffix.length - 1;
  // `<host>/<app>` (many hosts): cut the host label in the middle, keep the app whole
  const slash = line.app.lastIndexOf('/');
  const tail = slash > 0 ? line.app.slice(slash) : '';
  if (tail && tail.length + 3 <= room) return `${line.app.slice(0, room - tail.length)}…${tail}${suffix}`;
  return `${line.app.slice(0, room)}…${suffix}`;
}

/** One drawn log line: `HH:MM:SS app#slot ` then `!` for stderr, then the sanitized text. */
export function logLine(line: LogLine, width: number): Line {
  const shown = fitTag(line, width);
  const err = line.stream === 'err';
  return [
    seg(`${formatClock(line.at)} `, { dim: true }),
    seg(safeText(shown), { color: workerColor(line.app, line.id) }),
    seg(err ? ' ! ' : '   ', { color: 'red', bold: err }),
    seg(safeText(line.text), err ? { color: 'red' } : {}),
  ];
}
