// The options of a LogHub and their defaults: every buffer the hub keeps has a cap here.
import { DEFAULT_MAX_LINE_BYTES } from './line-splitter.js';
import { DEFAULT_FILE_HIGH_WATER_MARK } from './log-writer.js';

export interface LogHubOptions {
  logsDir: string;
  /** Merged recent lines kept in memory (default 5000). */
  ringSize?: number;
  /** Batch period of onBatch (default 50 ms). */
  batchMs?: number;
  /** Longer lines are cut with a visible marker (default 64 KiB). */
  maxLineBytes?: number;
  /** stderr lines kept per slot for crash context (default 50). */
  tailSize?: number;
  /** A batch this long is delivered at once, before its timer (default 10,000). */
  maxBatchLines?: number;
  /** Bytes buffered per file before the pipes writing to it are paused (default 4 MiB). */
  fileHighWaterMark?: number;
  /** Characters the merged ring may hold in total; older lines go first (default 16 Mi). */
  maxRingChars?: number;
  /** A log file that failed at run time (disk full, unwritable slot file). */
  onError?: (message: string) => void;
  /** A failed log file works again. */
  onRecovered?: (message: string) => void;
}

/** Internal sizes, to check the bounds (tests, `describe` of the daemon). */
export interface LogHubStats {
  ringLines: number;
  ringChars: number;
  pendingLines: number;
  /** The largest batch ever held before delivery. */
  pendingPeak: number;
  /** Times a pipe was paused because the disk was behind. */
  pauses: number;
  /** Bytes waiting for the disk, all files. */
  fileBufferedBytes: number;
}

const DEFAULTS: Omit<Required<LogHubOptions>, 'logsDir'> = {
  ringSize: 5000,
  batchMs: 50,
  maxLineBytes: DEFAULT_MAX_LINE_BYTES,
  tailSize: 50,
  maxBatchLines: 10_000,
  fileHighWaterMark: DEFAULT_FILE_HIGH_WATER_MARK,
  maxRingChars: 16 * 1024 * 1024,
  onError: () => {},
  onRecovered: () => {},
};

/** Fill in defaults; an option given as undefined counts as not given. */
export function withDefaults(options: LogHubOptions): Required<LogHubOptions> {
  const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  return { ...DEFAULTS, ...given } as Required<LogHubOptions>;
}
