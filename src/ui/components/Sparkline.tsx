// A sparkline as one precomputed string in one <Text> (ink#401).
import { Text } from 'ink';
import { useColor } from '../palette.js';
import { sparkline, type SparkScale } from '../sparkline.js';

export interface SparklineProps {
  samples: readonly number[];
  width: number;
  color?: string;
  scale?: SparkScale;
  /** Samples the width stands for (default 60: one minute at one a second). */
  window?: number;
}

/** The last `window` samples drawn in `width` cells. */
export function Sparkline({ samples, width, color, scale, window = 60 }: SparklineProps) {
  const c = useColor();
  return <Text color={c(color)}>{sparkline(samples, width, window, scale)}</Text>;
}
