// The worker table as lines: column widths from the terminal width, cells cut to fit (a table
// row never wraps), uptimes and countdowns extrapolated from the snapshot's age.
import type { AppInfo, Snapshot, WorkerInfo } from '../model/types.js';
import { formatBytes, formatCountdown, formatCpu, formatDuration, formatMs, formatRate } from '../format.js';
import { appDisplayName, hostRowLine } from './hosts-model.js';
import { fit } from './text-layout.js';
import { seg, type Line } from './line.js';
import { workerKey, type WorkerHistory } from './metric-history.js';
import { STATUS_COLORS } from './palette.js';
import { safeText } from '../safe-text.js';
import { sparkline } from './sparkline.js';
import { sameWorker, type Selection } from './view-state.js';

export interface TableLayout {
  status: number;
  /** Width of each sparkline; 0 = no sparklines (narrow terminal). */
  spark: number;
  /** The event-loop delay p99 and req/s columns (docs/supervision.md#runtime-metrics), when the width allows. */
  runtime: boolean;
  /** How many sparklines: CPU and memory, plus loop delay and req/s on a wide terminal. */
  sparks: 2 | 4;
  /** Columns outside the status and the sparklines. */
  fixed: number;
}

// indent 2, then id 4, pid 7, restarts 4, uptime 7, cpu 6, mem 7, each followed by a space
// (mem by none), and the status column's own trailing space
const FIXED = 43;
// LOOP 6 and REQ/S 6, each after a space
const RUNTIME_COLUMNS = 14;
const RUNTIME_MIN_WIDTH = 120;
const FOUR_SPARKS_MIN_WIDTH = 160;
const MIN_SPARK = 5;

/** Column widths for a terminal `width` columns wide: status gets room for a reason when there is some. */
export function tableLayout(width: number): TableLayout {
  const wantStatus = width < 100 ? 13 : 35; // "waiting 12.3s" / most of an errored reason
  const runtime = width >= RUNTIME_MIN_WIDTH;
  const fixed = FIXED + (runtime ? RUNTIME_COLUMNS : 0);
  const sparks = runtime && width >= FOUR_SPARKS_MIN_WIDTH ? 4 : 2;
  let spark = Math.min(60, Math.floor((width - fixed - wantStatus) / sparks) - 1);
  if (spark < MIN_SPARK) spark = 0;
  const status = Math.max(wantStatus, width - fixed - (spark > 0 ? sparks * (spark + 1) : 0));
  return { status, spark, runtime, sparks, fixed };
}

export interface TableRow {
  kind: 'host' | 'app' | 'worker';
  /** Unique among rows (React key). */
  key: string;
  /** The worker of a worker row. */
  worker?: Selection;
  selected: boolean;
  line: Line;
}

export interface TableInput {
  snapshot: Snapshot;
  history: ReadonlyMap<string, WorkerHistory>;
  selected: Selection | null;
  /** ms since the snapshot arrived */
  age: number;
  width: number;
  /** Apps with a reload running. */
  reloading: ReadonlySet<string>;
}

/** The column titles. */
export function tableHeader(width: number): Line {
  const l = tableLayout(width);
  let text = `  ${fit('ID', 4)} ${fit('PID', 7, 'right')} ${fit('STATUS', l.status)} ${fit('↺', 4, 'right')} ${fit('UPTIME', 7, 'right')} ${fit('CPU', 6, 'right')} ${fit('MEM', 7, 'right')}`;
  if (l.runtime) text += ` ${fit('LOOP', 6, 'right')} ${fit('REQ/S', 6, 'right')}`;
  if (l.spark > 0) text += ` ${fit('CPU 60s', l.spark)} ${fit('MEM 60s', l.spark)}`;
  if (l.spark > 0 && l.sparks === 4) text += ` ${fit('LOOP p99 60s', l.spark)} ${fit('REQ/S 60s', l.spark)}`;
  return [seg(text, { bold: true, dim: true })];
}

/** One row per app, then one per worker of it, in snapshot order; with several hosts, grouped under a row per host. */
export function tableRows(input: TableInput): TableRow[] {
  const hosts = input.snapshot.hosts ?? [];
  if (hosts.length <= 1) return appRows(input, input.snapshot.apps);
  return hosts.flatMap((host) => {
    const apps = input.snapshot.apps.filter((a) => a.host === host.label);
    return [{ kind: 'host' as const, key: `host ${host.label}`, selected: false, line: hostRowLine(host, apps) }, ...appRows(input, apps)];
  });
}

function appRows(input: TableInput, apps: readonly AppInfo[]): TableRow[] {
  const layout = tableLayout(input.width);
  const rows: TableRow[] = [];
  for (const app of apps) {
    rows.push({ kind: 'app', key: `app ${app.name}`, selected: false, line: appLine(app, input.reloading.has(app.name)) });
    for (const w of app.workers) {
      const worker = { app: app.name, id: w.id };
      const selected = input.selected !== null && sameWorker(worker, input.selected);
      const history = input.history.get(workerKey(app.name, w.id));
      rows.push({ kind: 'worker', key: workerKey(app.name, w.id), worker, selected, line: workerLine(w, selected, history, input.age, layout) });
    }
  }
  return rows;
}

/** At most `height` rows, scrolled so that the selected row is visible. */
export function rowsWindow(rows: readonly TableRow[], height: number): TableRow[] {
  if (rows.length <= height) return [...rows];
  const selected = Math.max(
    0,
    rows.findIndex((r) => r.selected),
  );
  const start = Math.min(Math.max(0, selected - Math.floor(height / 2)), rows.length - height);
  return rows.slice(start, start + height);
}

function appLine(app: AppInfo, reloading: boolean): Line {
  const online = app.workers.filter((w) => w.status === 'online').length;
  const line: Line = [seg(safeText(appDisplayName(app)), { bold: true }), seg(`  ${app.mode} · ${online}/${app.workers.length} online`, { dim: true })];
  if (reloading) line.push(seg('  reloading…', { color: 'yellow' }));
  return line;
}

function workerLine(w: WorkerInfo, selected: boolean, history: WorkerHistory | undefined, age: number, l: TableLayout): Line {
  const alive = w.pid !== null && (w.status === 'online' || w.status === 'launching' || w.status === 'stopping');
  const uptime = alive ? formatDuration(w.uptimeMs + age) : '-';
  const left = `${selected ? '▶ ' : '  '}${fit(`#${w.id}`, 4)} ${fit(w.pid === null ? '-' : String(w.pid), 7, 'right')} `;
  const numbers = ` ${fit(String(w.restarts), 4, 'right')} ${fit(uptime, 7, 'right')} ${fit(alive ? formatCpu(w.cpu) : '-', 6, 'right')} ${fit(alive && w.memory > 0 ? formatBytes(w.memory) : '-', 7, 'right')}`;
  const line: Line = [seg(left), seg(fit(statusText(w, age), l.status), { color: STATUS_COLORS[w.status] }), seg(numbers)];
  if (l.runtime) line.push(...runtimeCells(w, alive));
  if (l.spark > 0) {
    line.push(seg(` ${sparkline(history?.cpu ?? [], l.spark, 60, { minCeiling: 10 })}`, { color: 'cyan' }));
    line.push(seg(` ${sparkline(history?.memory ?? [], l.spark, 60, { fromMin: true })}`, { color: 'magenta' }));
  }
  if (l.spark > 0 && l.sparks === 4) {
    // a delay below 20 ms stays flat; requests scale to their own peak
    line.push(seg(` ${sparkline(history?.loop ?? [], l.spark, 60, { minCeiling: 20 })}`, { color: 'yellow' }));
    line.push(seg(` ${sparkline(history?.requests ?? [], l.spark, 60, { minCeiling: 1 })}`, { color: 'green' }));
  }
  return line;
}

/** Event-loop delay p99 (yellow from 100 ms, red from 1 s) and req/s; `-` where unmeasured. */
function runtimeCells(w: WorkerInfo, alive: boolean): Line {
  const r = alive ? w.runtime : null;
  const p99 = r?.eventLoopDelayP99Ms ?? null;
  const rate = r?.httpRequestsPerSec ?? null;
  const color = p99 === null ? undefined : p99 >= 1000 ? 'red' : p99 >= 100 ? 'yellow' : undefined;
  return [seg(` ${fit(p99 === null ? '-' : formatMs(p99), 6, 'right')}`, { color }), seg(` ${fit(rate === null ? '-' : formatRate(rate), 6, 'right')}`)];
}

/** The status cell: `waiting 2.3s` with its countdown, `errored: <reason>`, else the state. */
export function statusText(w: WorkerInfo, age: number): string {
  if (w.status === 'waiting' && w.restartInMs !== undefined) return `waiting ${formatCountdown(w.restartInMs - age)}`;
  if (w.status === 'errored' && w.reason) return `errored: ${safeText(w.reason)}`;
  return w.status;
}
