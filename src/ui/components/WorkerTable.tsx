// Workers grouped by app; scrolls to keep the selected row visible when it does not all fit.
import { Box, Text } from 'ink';
import type { Snapshot } from '../../model/types.js';
import type { WorkerHistory } from '../metric-history.js';
import { rowsWindow, tableHeader, tableRows } from '../table-model.js';
import type { Selection } from '../view-state.js';
import { LineText } from './LineText.js';

export interface WorkerTableProps {
  snapshot: Snapshot | null;
  history: ReadonlyMap<string, WorkerHistory>;
  selected: Selection | null;
  /** ms since the snapshot arrived */
  age: number;
  width: number;
  /** Lines available, column titles included. */
  height: number;
  reloading?: ReadonlySet<string>;
}

const NONE: ReadonlySet<string> = new Set();

/** The worker table. */
export function WorkerTable({ snapshot, history, selected, age, width, height, reloading = NONE }: WorkerTableProps) {
  if (!snapshot) return <Text dimColor>waiting for the first snapshot…</Text>;
  if (snapshot.apps.length === 0 && (snapshot.hosts?.length ?? 0) <= 1) return <Text dimColor>no apps</Text>;
  const rows = rowsWindow(tableRows({ snapshot, history, selected, age, width, reloading }), Math.max(0, height - 1));
  return (
    <Box flexDirection="column">
      <LineText line={tableHeader(width)} />
      {rows.map((row) => (
        <LineText key={row.key} line={row.line} inverse={row.selected} />
      ))}
    </Box>
  );
}
