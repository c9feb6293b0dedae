// A screen line as data: the view model builds these, components only draw them.

export interface Segment {
  text: string;
  color?: string;
  bold?: boolean;
  dim?: boolean;
}

export type Line = Segment[];

/** A segment, for terse view-model code. */
export function seg(text: string, style: Omit<Segment, 'text'> = {}): Segment {
  return { text, ...style };
}

/** The plain text of a line (tests, width checks). */
export function lineText(line: Line): string {
  return line.map((s) => s.text).join('');
}

/**
 * Break a line into at most `maxLines` lines of at most `width` columns, at spaces where it can,
 * keeping each segment's style; what does not fit ends in `…`. (Cells are counted as characters:
 * the text shown here is sanitized and mostly ASCII; LineText still cuts anything wider.)
 */
export function wrapLine(line: Line, width: number, maxLines: number): Line[] {
  const text = lineText(line);
  if (width <= 0 || text.length <= width) return [line];
  const out: Line[] = [];
  let start = 0;
  while (start < text.length && out.length < maxLines) {
    if (out.length === maxLines - 1 && text.length - start > width) {
      out.push([...sliceLine(line, start, start + width - 1), { text: '…' }]);
      break;
    }
    let end = Math.min(text.length, start + width);
    let next = end;
    if (end < text.length) {
      const space = text.lastIndexOf(' ', end);
      if (space > start) [end, next] = [space, space + 1];
    }
    out.push(sliceLine(line, start, end));
    start = next;
  }
  return out;
}

/** The characters [from, to) of a line, styles kept. */
function sliceLine(line: Line, from: number, to: number): Line {
  const out: Line = [];
  let at = 0;
  for (const s of line) {
    const a = Math.max(from, at);
    const b = Math.min(to, at + s.text.length);
    if (a < b) out.push({ ...s, text: s.text.slice(a - at, b - at) });
    at += s.text.length;
  }
  return out;
}
