// The one gate to the terminal (docs/supervision.md#logs): everything that comes from outside — worker output,
// app, process, host and file names, PM2 names, error messages quoting them — passes through
// safeText where it meets a terminal (CLI formatters, the TUI's view models, log prefixes), so it
// can never move the cursor, retitle the window or clear the screen. C0, C1, DEL, CSI (7- and
// 8-bit) and OSC sequences all go. Runs on every log line: clean text costs one regex test.
import stripAnsi from 'strip-ansi';

/** Any C0 or C1 control (TAB included, DEL too): if none is present the line is already safe. */
const HAS_CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
/** What is left to remove after strip-ansi: every control except TAB (expanded below). */
const CONTROLS = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g;
const TAB_WIDTH = 8;

/** Text safe to print on one line: escape sequences and control characters removed, TABs expanded. */
export function safeText(text: string): string {
  if (!HAS_CONTROL.test(text)) return text;
  // strip-ansi first, so that whole sequences (CSI, OSC up to BEL/ST, 8-bit CSI) go at once;
  // the control pass then removes what no sequence matched (lone ESC, BEL, BS, CR, an
  // unterminated OSC's introducer), leaving any payload behind as harmless visible text.
  const clean = stripAnsi(text).replace(CONTROLS, '');
  return clean.includes('\t') ? expandTabs(clean) : clean;
}

/** Expand TABs to the next multiple of 8 columns, as a terminal would show them. */
function expandTabs(text: string): string {
  const parts = text.split('\t');
  let out = parts[0]!;
  let column = out.length;
  for (let i = 1; i < parts.length; i++) {
    const pad = TAB_WIDTH - (column % TAB_WIDTH);
    out += ' '.repeat(pad) + parts[i]!;
    column += pad + parts[i]!.length;
  }
  return out;
}

/** Safe text of several lines (a message that may hold newlines): each line made safe. */
export function safeLines(text: string): string {
  return text.includes('\n') ? text.split('\n').map(safeText).join('\n') : safeText(text);
}
