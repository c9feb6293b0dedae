// Enter on a worker: its state, why it exits and what it printed before, then the app's
// configuration and environment; a window of `height` lines over that document.
import { Box, Text } from 'ink';
import type { DetailDocument } from '../detail-model.js';
import { seg, type Line } from '../line.js';
import { LineText } from './LineText.js';

export interface DetailViewProps {
  /** null: the worker is gone (scaled down or deleted). */
  doc: DetailDocument | null;
  height: number;
  width: number;
  /** First line shown (clamped here). */
  scroll: number;
}

/** The detail view, at most `height` lines; when it does not fit, the last line says what is below. */
export function DetailView({ doc, height, width, scroll }: DetailViewProps) {
  if (!doc) return <Text dimColor>This worker is gone (scaled down or deleted). Esc to go back.</Text>;
  const win = detailWindow(doc, height, scroll);
  const shown = doc.lines.slice(win.top, win.top + win.rows);
  return (
    <Box flexDirection="column" height={height} overflowY="hidden">
      {shown.map((line, i) => (
        <LineText key={i} line={line} />
      ))}
      {win.rows < doc.lines.length ? <LineText line={moreLine(doc, win, width)} /> : null}
    </Box>
  );
}

export interface DetailWindow {
  top: number;
  /** Document lines shown (one row less than the height when a position line is needed). */
  rows: number;
}

/** Which lines fit: the whole document, or a page of height - 1 plus a position line. */
export function detailWindow(doc: DetailDocument, height: number, scroll: number): DetailWindow {
  if (doc.lines.length <= height) return { top: 0, rows: doc.lines.length };
  const rows = Math.max(0, height - 1);
  return { top: Math.min(Math.max(0, scroll), doc.lines.length - rows), rows };
}

function moreLine(doc: DetailDocument, win: DetailWindow, width: number): Line {
  const end = win.top + win.rows;
  const parts = [`── lines ${win.top + 1}–${end} of ${doc.lines.length}`];
  if (end < doc.lines.length) parts.push('PgDn more');
  if (win.top > 0) parts.push('PgUp back');
  const atConfig = win.top > 0 && win.top >= Math.min(doc.configAt, doc.lines.length - win.rows);
  parts.push(atConfig ? 'c back to top' : 'c config & env');
  return [seg(`${parts.join(' · ')} `.padEnd(width, '─'), { dim: true })];
}
