// What the store publishes: one immutable value per publication, read by React.
import type { LogLine, Snapshot } from '../model/types.js';
import type { HostStats } from './host-stats.js';
import type { WorkerHistory } from './metric-history.js';
import type { ReloadView } from './reload-tracker.js';

export type StatusLevel = 'info' | 'success' | 'busy' | 'warn' | 'error';

export interface StatusMessage {
  level: StatusLevel;
  text: string;
  at: number;
}

export interface TuiState {
  readonly snapshot: Snapshot | null;
  /** When the snapshot arrived: uptimes and countdowns are extrapolated from it. */
  readonly snapshotAt: number;
  /** Why the last snapshot request failed (connection lost...), null when fine. */
  readonly snapshotError: string | null;
  /** Merged lines, oldest first, at most `logCapacity`. */
  readonly logs: readonly LogLine[];
  readonly history: ReadonlyMap<string, WorkerHistory>;
  readonly reloads: ReadonlyMap<string, ReloadView>;
  readonly status: StatusMessage | null;
  readonly host: HostStats | null;
  /** The TUI is quitting (stopping the group, or detaching). */
  readonly quitting: boolean;
  readonly now: number;
}
