// A faster styledCharsToString for Ink's frames, put in place of @alcalzone/ansi-tokenize's own by
// the TUI's bundle (scripts/ink-fast-paths.mjs). Ink turns every row of every frame, cell by cell,
// back into a string with it, and the shipped one builds three Sets and four arrays per cell to
// diff two cells' styles, even when both are unstyled or alike: in an idle 160x48 dashboard that
// was ~2/3 of everything the monitor allocated (~12 MB a second, measured with the sampling heap
// profiler), which made V8 grow its young generation to the maximum and spend a fifth of the
// monitor's CPU in the garbage collector. Same output: cells whose styles are the same codes need
// no codes between them, so the shipped diff runs only where the style changes.

/** An ANSI code as the tokenizer gives it: its start code and the code that ends it. */
export interface AnsiCode {
  code: string;
  endCode: string;
}

/** A cell of a row: its text and the codes in force. */
export interface StyledChar {
  value: string;
  styles: readonly AnsiCode[];
}

export interface AnsiHelpers {
  ansiCodesToString(codes: readonly AnsiCode[]): string;
  diffAnsiCodes(from: readonly AnsiCode[], to: readonly AnsiCode[]): readonly AnsiCode[];
}

const NONE: readonly AnsiCode[] = [];

/** The row as a string: each cell's codes only where they differ from the previous cell's. */
export function fastStyledCharsToString(chars: readonly StyledChar[], { ansiCodesToString, diffAnsiCodes }: AnsiHelpers): string {
  let ret = '';
  let prev = NONE;
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i]!;
    if (!sameCodes(prev, char.styles)) ret += ansiCodesToString(diffAnsiCodes(prev, char.styles));
    ret += char.value;
    prev = char.styles;
  }
  // reset the active styles at the end of the row
  if (prev.length > 0) ret += ansiCodesToString(diffAnsiCodes(prev, NONE));
  return ret;
}

function sameCodes(a: readonly AnsiCode[], b: readonly AnsiCode[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i]!.code !== b[i]!.code || a[i]!.endCode !== b[i]!.endCode) return false;
  return true;
}
