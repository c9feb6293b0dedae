// Enter on a worker: its state, why it exits and what it printed before, on one screen.
import { Box, Text } from 'ink';
import type { AppInfo, WorkerInfo } from '../../supervisor/types.js';
import { detailLines } from '../detail-model.js';
import { LineText } from './LineText.js';

export interface DetailViewProps {
  app: AppInfo | null;
  worker: WorkerInfo | null;
  /** ms since the snapshot arrived */
  age: number;
  height: number;
  width: number;
  /** Lines scrolled down (clamped here). */
  scroll: number;
}

/** The detail view, at most `height` lines. */
export function DetailView({ app, worker, age, height, width, scroll }: DetailViewProps) {
  if (!app || !worker) return <Text dimColor>This worker is gone (scaled down or deleted). Esc to go back.</Text>;
  const lines = detailLines(app, worker, age, width);
  const top = Math.min(Math.max(0, scroll), Math.max(0, lines.length - height));
  const shown = lines.slice(top, top + height);
  return (
    <Box flexDirection="column" height={height} overflow="hidden">
      {shown.map((line, i) => (
        <LineText key={top + i} line={line} />
      ))}
    </Box>
  );
}
