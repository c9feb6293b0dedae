// Median, min and max of repeated runs, and number formatting for the tables.

/** {median, min, max, n} of the finite numbers in values (NaN fields if there are none). */
export function summarize(values) {
  const xs = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (xs.length === 0) return { median: NaN, min: NaN, max: NaN, n: 0 };
  const mid = Math.floor(xs.length / 2);
  const median = xs.length % 2 === 1 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2;
  return { median, min: xs[0], max: xs[xs.length - 1], n: xs.length };
}

/** "median (min–max)" with `digits` decimals; a single run shows just the value. */
export function fmtSummary(s, digits = 0, unit = '') {
  if (s.n === 0) return 'n/a';
  const f = (v) => fmtNumber(v, digits) + unit;
  if (s.n === 1 || s.min === s.max) return f(s.median);
  return `${f(s.median)} (${f(s.min)}–${f(s.max)})`;
}

/** A number with thousands separators and fixed decimals. */
export function fmtNumber(v, digits = 0) {
  if (!Number.isFinite(v)) return 'n/a';
  return v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Bytes as MiB with one decimal. */
export function mib(bytes) {
  return bytes / (1024 * 1024);
}
