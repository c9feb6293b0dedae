// The options of a LogHub and their defaults: every buffer the hub keeps has a cap here.
import { DEFAULT_MAX_LINE_BYTES } from './line-splitter.js';
import { DEFAULT_FILE_HIGH_WATER_MARK } from './log-writer.js';
import { LOG_STORE_DEFAULTS, type LogStoreOptions, type LogStoreStats } from './log-store.js';

/** The store's sizes (ring, tails, batches: log-store.ts), plus the pipes' and the files'. */
export interface LogHubOptions extends LogStoreOptions {
  logsDir: string;
  /** Longer lines are cut with a visible marker (default 64 KiB). */
  maxLineBytes?: number;
  /** Bytes buffered per file before the pipes writing to it are paused (default 4 MiB). */
  fileHighWaterMark?: number;
  /** A log file that failed at run time (disk full, unwritable slot file), or a listener threw. */
  onError?: (message: string) => void;
  /** A failed log file works again. */
  onRecovered?: (message: string) => void;
}

/** Internal sizes, to check the bounds (tests, `describe` of the daemon). */
export interface LogHubStats extends LogStoreStats {
  /** Times a pipe was paused because the disk was behind. */
  pauses: number;
  /** Bytes waiting for the disk, all files. */
  fileBufferedBytes: number;
}

const DEFAULTS: Omit<Required<LogHubOptions>, 'logsDir'> = {
  ...LOG_STORE_DEFAULTS,
  maxLineBytes: DEFAULT_MAX_LINE_BYTES,
  fileHighWaterMark: DEFAULT_FILE_HIGH_WATER_MARK,
  onRecovered: () => {},
};

/** Fill in defaults; an option given as undefined counts as not given. */
export function withDefaults(options: LogHubOptions): Required<LogHubOptions> {
  const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  return { ...DEFAULTS, ...given } as Required<LogHubOptions>;
}
