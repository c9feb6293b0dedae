// How the screen's rows are shared. The frame is at most rows - 1 lines: a frame as tall as the
// terminal makes Ink clear and replay the whole screen on every render (ink#450, #359).

export interface ScreenLayout {
  /** The whole frame. */
  height: number;
  /** Between the header and the status line. */
  body: number;
  /** The worker table, column titles included. */
  table: number;
  /** The log pane, title included. */
  logs: number;
}

const MIN_LOGS = 6; // title and five lines

/**
 * Split `rows` terminal rows for a table of `tableRows` app and worker rows, with a status of
 * `statusRows` lines (a long message takes two, from the log pane) under a header of `headerRows`.
 */
export function screenLayout(rows: number, tableRows: number, statusRows = 1, headerRows = 1): ScreenLayout {
  const chrome = 1 + headerRows + statusRows; // header (and the hosts line), status, footer
  const height = Math.max(chrome + 1, rows - 1);
  const body = height - chrome;
  const table = Math.min(tableRows + 1, Math.max(2, body - MIN_LOGS));
  return { height, body, table, logs: Math.max(0, body - table) };
}
