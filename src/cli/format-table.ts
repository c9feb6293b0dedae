// The process table of `ls`, `start` and the action commands: one row per worker, fitted to the
// terminal width by dropping the least useful columns first, then cutting the rows.
import { safeText } from '../safe-text.js';
import type { AppInfo } from '../model/types.js';
import { paint, STATUS_COLORS, type ColorName } from './color.js';
import { formatBytes, formatCpu, formatDuration, formatStatus } from '../format.js';

interface Column {
  header: string;
  /** Lower is dropped first when the table is too wide. */
  keep: number;
  align?: 'right';
}

interface Cell {
  text: string;
  color?: ColorName;
}

const COLUMNS: Column[] = [
  { header: 'app', keep: 10 },
  { header: 'id', keep: 9, align: 'right' },
  { header: 'mode', keep: 2 },
  { header: 'pid', keep: 7, align: 'right' },
  { header: 'status', keep: 8 },
  { header: '↺', keep: 6, align: 'right' },
  { header: 'uptime', keep: 5, align: 'right' },
  { header: 'cpu', keep: 3, align: 'right' },
  { header: 'mem', keep: 4, align: 'right' },
  { header: 'source', keep: 1 },
];
/** Columns at least this useful are kept while long app names can be shortened instead. */
const CORE = 6;
/** App names are never shortened below this. */
const MIN_APP_WIDTH = 8;

export interface TableOptions {
  /** Characters per line; Infinity = no limit. */
  width: number;
  color: boolean;
  /** Show where each app runs (several supervisors). */
  showSource: boolean;
}

/** The table as text lines (without trailing newline). */
export function formatTable(apps: AppInfo[], opts: TableOptions): string[] {
  const rows: Cell[][] = apps.flatMap((app) =>
    app.workers.length === 0
      ? [emptyRow(app)]
      : app.workers.map((w) => [
          { text: safeText(app.name) },
          { text: String(w.id) },
          { text: app.mode },
          { text: w.pid === null ? '-' : String(w.pid) },
          { text: formatStatus(w), color: STATUS_COLORS[w.status] },
          { text: String(w.restarts) },
          { text: w.status === 'online' ? formatDuration(w.uptimeMs) : '-' },
          { text: w.pid === null ? '-' : formatCpu(w.cpu) },
          { text: w.pid === null || w.memory === 0 ? '-' : formatBytes(w.memory) },
          { text: safeText(app.host ?? app.source) },
        ]),
  );
  let visible = COLUMNS.map((c, i) => ({ ...c, index: i })).filter((c) => opts.showSource || c.header !== 'source');
  const natural = COLUMNS.map((c, i) => Math.max(c.header.length, ...rows.map((r) => r[i]!.text.length)));
  const total = (): number => visible.reduce((sum, c) => sum + natural[c.index]!, 0) + 2 * (visible.length - 1);
  const dropWeakest = (): void => {
    const weakest = visible.reduce((a, b) => (b.keep < a.keep ? b : a));
    visible = visible.filter((c) => c !== weakest);
  };
  while (total() > opts.width && visible.some((c) => c.keep < CORE)) dropWeakest();
  if (total() > opts.width) natural[0] = Math.max(Math.min(natural[0]!, MIN_APP_WIDTH), natural[0]! - (total() - opts.width));
  while (total() > opts.width && visible.length > 3) dropWeakest();
  const widths = visible.map((c) => natural[c.index]!);
  const line = (cells: Cell[], header: boolean): string => {
    const parts = visible.map((c, i) => {
      const text = fit(cells[c.index]!.text, widths[i]!);
      const padded = c.align === 'right' ? text.padStart(widths[i]!) : text.padEnd(widths[i]!);
      const color = cells[c.index]!.color;
      return color && !header ? paint(padded, color, opts.color) : padded;
    });
    return cut(parts.join('  ').trimEnd(), opts.width, opts.color);
  };
  return [
    line(
      COLUMNS.map((c) => ({ text: c.header })),
      true,
    ),
    ...rows.map((r) => line(r, false)),
  ];
}

/** An app without workers (all scaled away or deleted slots) still gets its line. */
function emptyRow(app: AppInfo): Cell[] {
  const blank = { text: '-' };
  return [
    { text: safeText(app.name) },
    blank,
    { text: app.mode },
    blank,
    { text: 'no workers', color: 'gray' },
    blank,
    blank,
    blank,
    blank,
    { text: safeText(app.host ?? app.source) },
  ];
}

/** Shorten a cell to its column with an ellipsis. */
function fit(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}

/** Cut a line to the width (colour codes do not count; a cut line loses its colour). */
function cut(text: string, width: number, color: boolean): string {
  const plain = color ? text.replace(/\x1b\[\d+m/g, '') : text;
  if (plain.length <= width) return text;
  return `${plain.slice(0, Math.max(0, width - 1))}…`;
}
