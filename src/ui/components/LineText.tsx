// One screen line, one <Text>: styled segments nest inside it, and it never wraps.
import { Text } from 'ink';
import type { Line } from '../line.js';
import { useColor } from '../palette.js';

export interface LineTextProps {
  line: Line;
  /** Highlight the whole line (the selected row). */
  inverse?: boolean;
}

/** Draw a Line; a single-segment line is styled at line level (no nested Text). */
export function LineText({ line, inverse }: LineTextProps) {
  const color = useColor();
  if (line.length === 0) return <Text> </Text>;
  if (line.length === 1) {
    const s = line[0]!;
    return (
      <Text wrap="truncate-end" inverse={inverse} color={color(s.color)} bold={s.bold} dimColor={s.dim}>
        {s.text}
      </Text>
    );
  }
  return (
    <Text wrap="truncate-end" inverse={inverse}>
      {line.map((s, i) =>
        s.color || s.bold || s.dim ? (
          <Text key={i} color={color(s.color)} bold={s.bold} dimColor={s.dim}>
            {s.text}
          </Text>
        ) : (
          s.text
        ),
      )}
    </Text>
  );
}
