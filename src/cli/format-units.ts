// Compact human units for tables and detail views: "45.1 MB", "3m", "0.7%".
import type { WorkerInfo } from '../model/types.js';

/** Bytes as B / KB / MB / GB (1024-based, one decimal above KB). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes <= 0) return '0 B';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit <= 1 ? `${Math.round(value)} ${units[unit]}` : `${value.toFixed(1)} ${units[unit]}`;
}

/** A duration as its largest unit: 45s, 3m, 2h, 4d (sub-second: 0s). */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86_400)}d`;
}

/** Percent of one core. */
export function formatCpu(cpu: number): string {
  return `${(Number.isFinite(cpu) ? cpu : 0).toFixed(cpu >= 100 ? 0 : 1)}%`;
}

/** The status word, with the countdown of a `waiting` worker. */
export function formatStatus(worker: WorkerInfo): string {
  if (worker.status === 'waiting' && worker.restartInMs !== undefined) return `waiting ${Math.ceil(worker.restartInMs / 1000)}s`;
  return worker.status;
}

/** Keep text from worker output inert on the terminal even if a source did not sanitize it. */
export function inert(text: string): string {
  return text.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g, '');
}
