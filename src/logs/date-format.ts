// The time prefix of on-disk log lines (docs/supervision.md#logs), as PM2 writes it: `<time>: <line>`.
// `log_date_format` uses moment/dayjs tokens (PM2 formats with dayjs too).
import dayjs from 'dayjs';
import advancedFormat from 'dayjs/plugin/advancedFormat.js';

dayjs.extend(advancedFormat);

export interface TimePrefixOptions {
  logDateFormat?: string;
  time: boolean;
}

/** Format one instant with a PM2 `log_date_format` (local time). */
export function formatLogDate(at: number, format: string): string {
  return dayjs(at).format(format);
}

/**
 * The prefix function for an app's on-disk lines: `log_date_format` when set, else ISO time when
 * `time` is true; null when lines are written bare. Caches the last instant, since a flood
 * writes many chunks within the same millisecond.
 */
export function linePrefixer(opts: TimePrefixOptions): ((at: number) => string) | null {
  const format = opts.logDateFormat;
  if (!format && !opts.time) return null;
  const render = format ? (at: number) => formatLogDate(at, format) : (at: number) => new Date(at).toISOString();
  let lastAt = NaN;
  let lastPrefix = '';
  return (at) => {
    if (at !== lastAt) {
      lastAt = at;
      lastPrefix = `${render(at)}: `;
    }
    return lastPrefix;
  };
}
