// How numbers look to people, the same in the CLI and the TUI (`ls` and the dashboard show
// "48.3M" and "3m12s" alike): short, fixed-width renderings, so a table column does not jitter.
import type { WorkerInfo } from './model/types.js';

/** A duration as the two largest units: "850ms", "45s", "3m12s", "2h05m", "3d04h". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '-';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${pad2(s % 60)}s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h${pad2(m % 60)}m`;
  return `${Math.floor(h / 24)}d${pad2(h % 24)}h`;
}

/** A countdown with one decimal, as shown for `waiting` workers: "2.3s". */
export function formatCountdown(ms: number): string {
  return `${(Math.max(0, ms) / 1000).toFixed(1)}s`;
}

const UNITS = ['B', 'K', 'M', 'G', 'T'];

/** Bytes in binary units with at most one decimal: "512B", "48.3M", "1.2G". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '-';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const text = unit === 0 || value >= 100 ? Math.round(value).toString() : value.toFixed(1);
  return `${text}${UNITS[unit]}`;
}

/** CPU percent of one core: one decimal below 10 %, whole numbers above. */
export function formatCpu(percent: number): string {
  if (!Number.isFinite(percent) || percent < 0) return '-';
  return percent < 10 ? `${percent.toFixed(1)}%` : `${Math.round(percent)}%`;
}

/** Milliseconds in at most 5 columns: "0.4ms", "12ms", "148ms", "1.2s", "45s". */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '-';
  if (ms < 10) return `${ms.toFixed(1)}ms`;
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)}s`;
  return `${Math.round(ms / 1000)}s`;
}

/** A rate per second in at most 5 columns: "0", "2.5", "28", "1.2k", "45k". */
export function formatRate(perSecond: number): string {
  if (!Number.isFinite(perSecond) || perSecond < 0) return '-';
  if (perSecond < 10) return perSecond === Math.round(perSecond) ? String(perSecond) : perSecond.toFixed(1);
  if (perSecond < 1000) return String(Math.round(perSecond));
  if (perSecond < 10_000) return `${(perSecond / 1000).toFixed(1)}k`;
  return `${Math.round(perSecond / 1000)}k`;
}

/** Local wall-clock time of a log line or an exit: "HH:MM:SS". */
export function formatClock(at: number | string): string {
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) return '--:--:--';
  return `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
}

/** The status word, with the countdown of a `waiting` worker (`ageMs`: how old the snapshot is). */
export function formatStatus(worker: WorkerInfo, ageMs = 0): string {
  if (worker.status === 'waiting' && worker.restartInMs !== undefined) return `waiting ${formatCountdown(worker.restartInMs - ageMs)}`;
  return worker.status;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
