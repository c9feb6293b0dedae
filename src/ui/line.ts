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
