// The detail view answers "why does this worker keep dying?" on one screen: its state and why,
// a summary of its exits, then each exit (most recent first) with the stderr lines before it;
// then, below, the app's configuration and environment (config-model).
import type { AppInfo, ExitRecord, ExitSummary, WorkerInfo } from '../model/types.js';
import { formatBytes, formatClock, formatCountdown, formatCpu, formatDuration, formatMs, formatRate } from '../format.js';
import { wrapText } from './text-layout.js';
import { configLines } from './config-model.js';
import { seg, type Line } from './line.js';
import { STATUS_COLORS } from './palette.js';
import { safeText } from '../safe-text.js';

/** Stack frames shown for the most recent crash (older ones show the message only). */
const FIRST_FRAMES = 5;
/** stderr lines shown for the most recent exit, and for each older one. */
const FIRST_TAIL = 10;
const OTHER_TAIL = 3;

export interface DetailDocument {
  lines: Line[];
  /** Index of the configuration heading (where `c` jumps to). */
  configAt: number;
}

/** Every line of the detail view of `worker` (the view shows a window of them). */
export function detailLines(
  app: AppInfo,
  worker: WorkerInfo,
  age: number,
  width: number,
  ownEnv: Readonly<Record<string, string | undefined>> = process.env,
): Line[] {
  return detailDocument(app, worker, age, width, ownEnv).lines;
}

/** The detail view as a document: the exits first, then the app's configuration and env. */
export function detailDocument(
  app: AppInfo,
  worker: WorkerInfo,
  age: number,
  width: number,
  ownEnv: Readonly<Record<string, string | undefined>>,
): DetailDocument {
  const lines: Line[] = [
    titleLine(app, worker, age),
    ...logErrorLines(app, width),
    ...stateLines(worker, age, width),
    ...runtimeLines(worker),
    ...exitLines(worker),
  ];
  lines.push([]);
  const configAt = lines.length;
  lines.push(...configLines(app.config, width, ownEnv));
  return { lines, configAt };
}

function exitLines(worker: WorkerInfo): Line[] {
  const exits: ExitRecord[] = worker.exits ?? (worker.lastExit ? [{ ...worker.lastExit, killed: false, stderrTail: [] }] : []);
  if (exits.length === 0) return [[seg('No exits recorded: this worker has not stopped or crashed yet.', { dim: true })]];
  const lines: Line[] = [summaryLine(exits), []];
  lines.push([seg(worker.exits ? 'Exits, most recent first:' : 'Last exit (no history from this source):', { bold: true })]);
  exits.forEach((exit, index) => {
    lines.push(exitLine(exit));
    lines.push(...crashLines(exit, index === 0));
    lines.push(...tailLines(exit, exits[index + 1], index === 0 ? FIRST_TAIL : OTHER_TAIL));
  });
  return lines;
}

/** Log files of the app that fail now (disk full, ...): the operator must see lines are at risk. */
function logErrorLines(app: AppInfo, width: number): Line[] {
  return (app.logErrors ?? []).flatMap((p) => {
    const dropped = p.droppedLines > 0 ? `; ${p.droppedLines} line(s) dropped so far` : '';
    const text = `Log file ${safeText(p.path)} fails since ${formatClock(p.since)}: ${safeText(p.error)} (retried every second${dropped}).`;
    return wrapText(text, width).map((t): Line => [seg(t, { color: 'red', bold: true })]);
  });
}

function titleLine(app: AppInfo, w: WorkerInfo, age: number): Line {
  const alive = w.pid !== null && w.status !== 'stopped' && w.status !== 'errored';
  const parts = [`${app.mode}`, `pid ${w.pid ?? '-'}`, `${w.restarts} restart${w.restarts === 1 ? '' : 's'}`];
  if (alive) parts.push(`up ${formatDuration(w.uptimeMs + age)}`, `CPU ${formatCpu(w.cpu)}`, `MEM ${formatBytes(w.memory)}`);
  return [seg(`${safeText(app.name)}:${w.id}  `, { bold: true }), seg(w.status, { color: STATUS_COLORS[w.status], bold: true }), seg(`  ${parts.join(' · ')}`)];
}

function stateLines(w: WorkerInfo, age: number, width: number): Line[] {
  if (w.status === 'errored') {
    const why = w.reason ? safeText(w.reason) : 'no reason given by the source';
    const lines = wrapText(`Given up: ${why}.`, width).map((text): Line => [seg(text, { color: 'red', bold: true })]);
    return [...lines, [seg('Press r to restart it.', { color: 'yellow' })]];
  }
  if (w.status === 'waiting') {
    const left = w.restartInMs === undefined ? 'soon' : `in ${formatCountdown(w.restartInMs - age)}`;
    return [[seg(`Restarting ${left} (restart delay / backoff after the last exit).`, { color: 'yellow' })]];
  }
  return [];
}

/** What the worker helper measures inside the worker (docs/supervision.md#runtime-metrics), all of it. */
function runtimeLines(w: WorkerInfo): Line[] {
  const r = w.pid !== null ? w.runtime : null;
  if (!r) {
    if (w.runtime === undefined || w.pid === null) return [];
    return [[seg('Runtime: not measured (no clmon helper in this worker: another interpreter, metrics: false, or a PM2 / PID source).', { dim: true })], []];
  }
  const ms = (v: number | null) => (v === null ? '-' : formatMs(v));
  const bytes = (v: number | null) => (v === null ? '-' : formatBytes(v));
  const rate = (v: number | null) => (v === null ? '-' : formatRate(v));
  const p99 = r.eventLoopDelayP99Ms;
  const loopColor = p99 === null ? undefined : p99 >= 1000 ? 'red' : p99 >= 100 ? 'yellow' : undefined;
  const elu = r.eventLoopUtilization === null ? '-' : `${Math.round(r.eventLoopUtilization * 100)}%`;
  const heapShare = r.heapUsed !== null && r.heapLimit ? ` (${Math.round((r.heapUsed / r.heapLimit) * 100)}% of the limit)` : '';
  const lines: Line[] = [
    [seg(`Runtime (sampled ${formatClock(r.sampledAt)}):`, { bold: true })],
    [
      seg('  event loop  ', { dim: true }),
      seg(`delay p50 ${ms(r.eventLoopDelayP50Ms)} · `),
      seg(`p99 ${ms(p99)}`, { color: loopColor, bold: loopColor !== undefined }),
      seg(` · max ${ms(r.eventLoopDelayMaxMs)} · utilization ${elu}`),
    ],
    [seg('  heap        ', { dim: true }), seg(`${bytes(r.heapUsed)} used of ${bytes(r.heapTotal)} · limit ${bytes(r.heapLimit)}${heapShare}`)],
    [seg('  gc          ', { dim: true }), seg(`${ms(r.gcMsPerSec)} a second · ${r.handles ?? '-'} active handles`)],
  ];
  if (r.httpRequestsPerSec === null) lines.push([seg('  http        ', { dim: true }), seg('no HTTP(S) server', { dim: true })]);
  else {
    const errors = r.http5xxPerSec ?? 0;
    lines.push([
      seg('  http        ', { dim: true }),
      seg(`${rate(r.httpRequestsPerSec)} req/s · ${r.httpInFlight ?? '-'} in flight · `),
      seg(`${rate(errors)} 5xx/s`, { color: errors > 0 ? 'red' : undefined }),
    ]);
    lines.push([seg('  latency     ', { dim: true }), seg(`p50 ${ms(r.httpLatencyP50Ms)} · p99 ${ms(r.httpLatencyP99Ms)}`)]);
  }
  lines.push([]);
  return lines;
}

/** "16 exits in 45s: 16× crash, exit 1 · runs lasted 210ms–330ms · SIGKILL needed 2×" */
function summaryLine(exits: readonly ExitRecord[]): Line {
  const kinds = new Map<string, number>();
  for (const e of exits) {
    const kind = `${e.cause}, ${exitHow(e)}`;
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  }
  const byCount = [...kinds].sort((a, b) => b[1] - a[1]).map(([kind, n]) => `${n}× ${kind}`);
  const uptimes = exits.map((e) => e.uptimeMs);
  const span = Date.parse(exits[0]!.at) - Date.parse(exits[exits.length - 1]!.at);
  const killed = exits.filter((e) => e.killed).length;
  let text = `${exits.length} exit${exits.length === 1 ? '' : 's'}`;
  if (exits.length > 1 && Number.isFinite(span)) text += ` in ${formatDuration(span)}`;
  text += `: ${byCount.slice(0, 3).join(', ')}${byCount.length > 3 ? ', …' : ''}`;
  text += ` · runs lasted ${formatDuration(Math.min(...uptimes))}`;
  if (exits.length > 1) text += `–${formatDuration(Math.max(...uptimes))}`;
  if (killed > 0) text += ` · SIGKILL needed ${killed}×`;
  return [seg(text, { bold: true })];
}

function exitLine(e: ExitRecord): Line {
  const line: Line = [
    seg(`  ${formatClock(e.at)}  `, { dim: true }),
    // columns wide enough for their longest value plus a gap: `signal SIGKILL  manual    ran 14s`
    seg(padGap(exitHow(e), 16), { color: e.cause === 'crash' || e.cause === 'memory' ? 'red' : undefined }),
    seg(`${padGap(e.cause, 10)}ran ${formatDuration(e.uptimeMs)}`),
  ];
  if (e.killed) line.push(seg('  SIGKILL needed', { color: 'yellow' }));
  if (e.reason) line.push(seg(`  ${safeText(e.reason)}`, { color: 'yellow' }));
  return line;
}

/** What the crash's diagnostic report says (docs/supervision.md#crash-forensics-and-diagnostics): the error, its top frames, the heap. */
function crashLines(e: ExitRecord, full: boolean): Line[] {
  const error = e.error;
  if (!error) return e.report && full ? [[seg('    report ', { dim: true }), seg(safeText(e.report))]] : [];
  const lines: Line[] = [[seg('    ✖ ', { color: 'red' }), seg(safeText(error.message), { color: 'red', bold: true })]];
  if (!full) return lines;
  for (const frame of error.frames.slice(0, FIRST_FRAMES)) lines.push([seg(`        ${safeText(frame)}`)]);
  if (error.frames.length > FIRST_FRAMES) lines.push([seg(`        … ${error.frames.length - FIRST_FRAMES} more frames in the report`, { dim: true })]);
  const { used, total, limit } = error.heap;
  if (used !== null) {
    const of = total === null ? '' : ` of ${formatBytes(total)}`;
    const cap = limit === null ? '' : ` · limit ${formatBytes(limit)}`;
    lines.push([seg('    heap ', { dim: true }), seg(`${formatBytes(used)} used${of}${cap}`)]);
  }
  if (e.report) lines.push([seg('    report ', { dim: true }), seg(safeText(e.report))]);
  return lines;
}

/**
 * The stderr lines before one exit. A tail is a rolling window over the worker's stderr, so it
 * repeats what the previous (older) exit already showed: print only what is new since then.
 */
function tailLines(e: ExitRecord, older: ExitRecord | undefined, max: number): Line[] {
  const note = (text: string): Line[] => [[seg(`      ${text}`, { dim: true })]];
  if (e.stderrTail.length === 0) return note('(no stderr before this exit)');
  if (older && sameTail(e.stderrTail, older.stderrTail)) return note('(same stderr as the exit below)');
  const fresh = older ? e.stderrTail.slice(overlap(e.stderrTail, older.stderrTail)) : e.stderrTail;
  if (fresh.length === 0) return note('(no new stderr since the exit below)');
  const shown = fresh.slice(-max);
  const lines: Line[] = shown.length < fresh.length ? note(`… ${fresh.length - shown.length} earlier line(s)`) : [];
  for (const text of shown) lines.push([seg('    │ ', { dim: true }), seg(safeText(text), { color: 'red' })]);
  return lines;
}

/** How many leading lines of `newer` are the trailing lines of `older` (the longest such run). */
function overlap(newer: readonly string[], older: readonly string[]): number {
  for (let k = Math.min(newer.length, older.length); k > 0; k--) {
    let same = true;
    for (let i = 0; i < k && same; i++) same = newer[i] === older[older.length - k + i];
    if (same) return k;
  }
  return 0;
}

/** How a run ended: `exit 1`, `signal SIGSEGV`. */
export function exitHow(e: ExitSummary): string {
  if (e.code !== null) return `exit ${e.code}`;
  if (e.signal) return `signal ${e.signal}`;
  return 'exited';
}

/** Pad to `width`, always leaving at least two spaces after the text. */
function padGap(text: string, width: number): string {
  return `${text}  `.padEnd(width);
}

function sameTail(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((line, i) => line === b[i]);
}
