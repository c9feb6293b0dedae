// The outcome of the last action, reload progress, the quit question or the filter being typed.
import { Box } from 'ink';
import type { Line } from '../line.js';
import { LineText } from './LineText.js';

export interface StatusLineProps {
  /** From statusLines(): one line, or two for a long message. */
  lines: Line[];
}

/** The status line(s). */
export function StatusLine({ lines }: StatusLineProps) {
  return (
    <Box flexDirection="column" height={lines.length} overflowY="hidden">
      {lines.map((line, i) => (
        <LineText key={i} line={line} />
      ))}
    </Box>
  );
}
