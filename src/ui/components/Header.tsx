// Top line: host, what clmon is attached to, host load and memory, workers online.
import type { Snapshot } from '../../model/types.js';
import { headerLine } from '../chrome-model.js';
import type { HostStats } from '../host-stats.js';
import { LineText } from './LineText.js';

export interface HeaderProps {
  label: string;
  host: HostStats | null;
  snapshot: Snapshot | null;
  width: number;
}

/** The header line. */
export function Header({ label, host, snapshot, width }: HeaderProps) {
  return <LineText line={headerLine(label, host, snapshot, width)} />;
}
