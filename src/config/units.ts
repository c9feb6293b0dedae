// Durations ("10s", "5m", 1500) and sizes ("500M", "1G") as PM2 writes them in ecosystem files
// and on the command line. Sizes use PM2's binary meaning: K = 1024, M = 1024², G = 1024³.
import { UserError } from '../errors.js';
import { formatValue } from './format-value.js';

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const SIZE_UNITS: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/** A duration in ms from a number (ms), a numeric string, or "500ms", "10s", "5m", "1h". */
export function parseDuration(value: unknown, where: string): number {
  const ms = toAmount(value, /^(\d+(?:\.\d+)?|\.\d+)\s*(ms|s|m|h)?$/i, (unit) => DURATION_UNITS[unit || 'ms']);
  if (ms === undefined) {
    throw new UserError(`${where}: ${formatValue(value)} is not a duration; use ms (1500) or "10s", "5m"`);
  }
  return ms;
}

/** A size in bytes from a number (bytes), a numeric string, or "300K", "500M", "1G" (a trailing B is fine). */
export function parseSize(value: unknown, where: string): number {
  const bytes = toAmount(value, /^(\d+(?:\.\d+)?|\.\d+)\s*([kmg])?b?$/i, (unit) => SIZE_UNITS[unit]);
  if (bytes === undefined) {
    throw new UserError(`${where}: ${formatValue(value)} is not a size; use bytes (1048576) or "300K", "500M", "1G"`);
  }
  return bytes;
}

/** A non-negative whole amount, or undefined if the value has no such reading. */
function toAmount(value: unknown, pattern: RegExp, multiplier: (unit: string) => number | undefined): number | undefined {
  if (typeof value === 'number') {
    return Number.isFinite(value) && value >= 0 ? Math.round(value) : undefined;
  }
  if (typeof value !== 'string') return undefined;
  const match = pattern.exec(value.trim());
  if (!match) return undefined;
  const factor = multiplier((match[2] ?? '').toLowerCase());
  if (factor === undefined) return undefined;
  const amount = Math.round(Number(match[1]) * factor);
  return Number.isSafeInteger(amount) ? amount : undefined;
}
