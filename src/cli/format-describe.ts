// `clmon describe` for people: one app and its workers with the crash context (docs/README.md: exit
// codes, signals, uptime before each crash, the last stderr lines, the backoff, why given up).
import type { AppInfo, ExitRecord, RuntimeSample, WorkerInfo } from '../model/types.js';
import { paint, STATUS_COLORS } from './color.js';
import { formatBytes, formatCountdown, formatCpu, formatDuration, formatMs, formatRate, formatStatus } from '../format.js';
import { safeText } from '../safe-text.js';

/** Exits shown per worker; --json has them all (up to 50). */
const EXITS_SHOWN = 10;
/** Stack frames shown per crash; --json has every one kept. */
const FRAMES_SHOWN = 5;

/** The detail view of one app (already filtered to one worker for `app:id`). */
export function formatDescribe(app: AppInfo, color: boolean): string[] {
  const lines = [`${safeText(app.name)}  ${app.mode} mode, ${app.instances} instance${app.instances === 1 ? '' : 's'}, in the ${safeText(app.source)}`];
  for (const p of app.logErrors ?? []) {
    const dropped = p.droppedLines > 0 ? `, ${p.droppedLines} line(s) dropped so far` : '';
    lines.push(paint(`  log file ${safeText(p.path)} fails since ${p.since}: ${safeText(p.error)} (retried every second${dropped})`, 'red', color));
  }
  for (const worker of app.workers) lines.push('', ...formatWorker(safeText(app.name), worker, color));
  if (app.workers.length === 0) lines.push('  no workers');
  return lines;
}

function formatWorker(app: string, w: WorkerInfo, color: boolean): string[] {
  const status = paint(formatStatus(w), STATUS_COLORS[w.status], color);
  const head = [`${app}:${w.id}`, `pid ${w.pid ?? '-'}`, status, `restarts ${w.restarts}`];
  if (w.status === 'online') head.push(`uptime ${formatDuration(w.uptimeMs)}`);
  if (w.pid !== null) head.push(`cpu ${formatCpu(w.cpu)}`, `mem ${formatBytes(w.memory)}`);
  const lines = [`  ${head.join('  ')}`];
  if (w.status === 'waiting' && w.restartInMs !== undefined) lines.push(`    restart in ${formatCountdown(w.restartInMs)}`);
  if (w.status === 'errored' && w.reason) lines.push(`    given up: ${safeText(w.reason)}`);
  if (w.runtime && w.pid !== null) lines.push(...formatRuntime(w.runtime));
  const exits = w.exits ?? [];
  if (exits.length === 0) {
    lines.push('    no exits recorded');
    return lines;
  }
  lines.push(`    exits, most recent first (${exits.length}):`);
  for (const exit of exits.slice(0, EXITS_SHOWN)) lines.push(...formatExit(exit));
  if (exits.length > EXITS_SHOWN) lines.push(`      … ${exits.length - EXITS_SHOWN} older exits (see --json)`);
  return lines;
}

function formatExit(exit: ExitRecord): string[] {
  const how = exit.signal ? `signal ${exit.signal}` : `code ${exit.code ?? '-'}`;
  const facts = [exit.at, how, `after ${formatDuration(exit.uptimeMs)}`, exit.cause];
  if (exit.killed) facts.push('SIGKILL needed');
  const lines = [`      ${facts.join('  ')}`];
  if (exit.reason) lines.push(`        ${safeText(exit.reason)}`);
  lines.push(...formatCrash(exit));
  for (const line of exit.stderrTail) lines.push(`        │ ${safeText(line)}`);
  return lines;
}

/** The worker helper's latest sample (docs/supervision.md#runtime-metrics), in two lines. */
function formatRuntime(r: RuntimeSample): string[] {
  const ms = (v: number | null) => (v === null ? '-' : formatMs(v));
  const size = (v: number | null) => (v === null ? '-' : formatBytes(v));
  const elu = r.eventLoopUtilization === null ? '-' : `${Math.round(r.eventLoopUtilization * 100)}%`;
  const lines = [
    `    event loop p50 ${ms(r.eventLoopDelayP50Ms)}  p99 ${ms(r.eventLoopDelayP99Ms)}  max ${ms(r.eventLoopDelayMaxMs)}  utilization ${elu}`,
    `    heap ${size(r.heapUsed)} used of ${size(r.heapTotal)}, limit ${size(r.heapLimit)}  gc ${ms(r.gcMsPerSec)}/s  handles ${r.handles ?? '-'}`,
  ];
  if (r.httpRequestsPerSec !== null) {
    lines.push(
      `    http ${formatRate(r.httpRequestsPerSec)} req/s  ${r.httpInFlight ?? '-'} in flight  p50 ${ms(r.httpLatencyP50Ms)}  p99 ${ms(r.httpLatencyP99Ms)}  5xx ${formatRate(r.http5xxPerSec ?? 0)}/s`,
    );
  }
  return lines;
}

/** The exception (or fatal error) of a crash, its top frames and the heap then (docs/supervision.md#crash-forensics-and-diagnostics). */
function formatCrash(exit: ExitRecord): string[] {
  const lines: string[] = [];
  const error = exit.error;
  if (error) {
    lines.push(`        ${safeText(error.message)}`);
    for (const frame of error.frames.slice(0, FRAMES_SHOWN)) lines.push(`          ${safeText(frame)}`);
    if (error.frames.length > FRAMES_SHOWN) lines.push(`          … ${error.frames.length - FRAMES_SHOWN} more frames (see --json or the report)`);
    const { used, total, limit } = error.heap;
    if (used !== null) {
      lines.push(
        `        heap ${formatBytes(used)} used of ${total === null ? '?' : formatBytes(total)}${limit === null ? '' : `, limit ${formatBytes(limit)}`}`,
      );
    }
  }
  if (exit.report) lines.push(`        report ${safeText(exit.report)}`);
  return lines;
}
