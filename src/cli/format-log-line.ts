// One log line for `clmon logs`: time, app:id, stream, text; or the JSON object (`--json`).
import type { LogLine } from '../model/types.js';
import { paint, type ColorName } from './color.js';
import { safeText } from '../safe-text.js';

const WORKER_COLORS: ColorName[] = ['cyan', 'magenta', 'blue', 'green', 'yellow'];

/** `2026-11-23 07:00:00.123 web:0 err | text` (err only for stderr). */
export function formatLogLine(line: LogLine, color: boolean): string {
  // id -1: a line of an earlier run read back from the app's merged file (slot unknown)
  const app = safeText(line.app);
  const who = paint(line.id >= 0 ? `${app}:${line.id}` : app, WORKER_COLORS[hash(line.app, line.id) % WORKER_COLORS.length]!, color);
  const stream = line.stream === 'err' ? paint(' err', 'red', color) : '';
  return `${localTime(line.at)} ${who}${stream} | ${safeText(line.text)}`;
}

/** One JSON object per line (`--json`). */
export function formatLogJson(line: LogLine): string {
  return JSON.stringify(line);
}

function localTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}

function hash(app: string, id: number): number {
  let h = id;
  for (let i = 0; i < app.length; i++) h = (h * 31 + app.charCodeAt(i)) >>> 0;
  return h;
}
