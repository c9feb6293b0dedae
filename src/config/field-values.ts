// Parsers for the simple field types of an app. Each takes the raw value and `where` (the file,
// app and field, or the command-line option) and throws a UserError naming both and the accepted forms.
import { Cron } from 'croner';
import { messageOf, UserError } from '../errors.js';
import { formatValue } from './format-value.js';
import { splitArgs } from './split-args.js';

function reject(where: string, value: unknown, accepted: string): never {
  throw new UserError(`${where}: ${formatValue(value)} is not valid; use ${accepted}`);
}

/** true/false (the strings "true"/"false" too, as environment-built configs often have them). */
export function toBoolean(value: unknown, where: string): boolean {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  return reject(where, value, 'true or false');
}

/** A whole number in [min, max], from a number or a numeric string (command-line values are strings). */
export function toInteger(value: unknown, where: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const n = typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max) return n;
  const range = max === Number.MAX_SAFE_INTEGER ? `${min} or more` : `from ${min} to ${max}`;
  return reject(where, value, `a whole number, ${range}`);
}

/** A non-empty string. */
export function toText(value: unknown, where: string, accepted = 'a non-empty string'): string {
  if (typeof value === 'string' && value.trim() !== '') return value;
  return reject(where, value, accepted);
}

/** A list of words: an array of strings (numbers stringified) or one string split like a shell would. */
export function toWords(value: unknown, where: string): string[] {
  if (typeof value === 'string') return splitArgs(value, where);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')) {
    return value.map(String);
  }
  return reject(where, value, 'a string ("--port 80") or an array of strings (["--port", "80"])');
}

/** A string or an array of strings, as a list. */
export function toStringList(value: unknown, where: string): string[] {
  if (typeof value === 'string' && value !== '') return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' && v !== '')) return value as string[];
  return reject(where, value, 'a string or an array of strings');
}

/** Exit codes: one number or an array of them, 0..255. */
export function toExitCodes(value: unknown, where: string): number[] {
  const list = Array.isArray(value) ? value : [value];
  if (list.every((v) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 255)) return list as number[];
  return reject(where, value, 'an exit code (0..255) or an array of them, e.g. [0, 2]');
}

/** A cron pattern croner accepts (5 fields, or 6 with seconds); parsed now so a typo fails before start. */
export function toCron(value: unknown, where: string): string {
  const pattern = toText(value, where, 'a cron pattern such as "0 3 * * *"');
  try {
    new Cron(pattern, { paused: true }).stop();
  } catch (err) {
    const why = messageOf(err);
    throw new UserError(`${where}: ${formatValue(value)} is not a valid cron pattern (${why}); use e.g. "0 3 * * *" (03:00 daily)`);
  }
  return pattern;
}
