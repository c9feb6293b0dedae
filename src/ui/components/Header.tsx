// Top line: host, what clmon is attached to, host load and memory, workers online.
import type { Snapshot } from '../../model/types.js';
import { Box } from 'ink';
import { headerLine } from '../chrome-model.js';
import { hostsLine } from '../hosts-model.js';
import type { HostStats } from '../host-stats.js';
import { LineText } from './LineText.js';

export interface HeaderProps {
  label: string;
  host: HostStats | null;
  snapshot: Snapshot | null;
  width: number;
  /** ms since the snapshot arrived (retry countdowns). */
  age?: number;
  /** The host of the selected worker (many hosts), named before a key acts on it. */
  selectedHost?: string;
}

/** The header line, and the hosts' link states when attached through --via (docs/cli.md#many-hosts). */
export function Header({ label, host, snapshot, width, age = 0, selectedHost }: HeaderProps) {
  const main = <LineText line={headerLine(label, host, snapshot, width)} />;
  if (!snapshot?.hosts) return main;
  return (
    <Box flexDirection="column">
      {main}
      <LineText line={hostsLine(snapshot.hosts, age, width, selectedHost)} />
    </Box>
  );
}
