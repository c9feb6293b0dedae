// The status line: the quit question, the filter being typed, reload progress, or the outcome of
// the last action or notice. A notice that only informs fades; an error stays, with its age, until
// something replaces it. A long message takes a second line rather than being cut unread.
import { formatDuration } from '../format.js';
import { seg, wrapLine, type Line } from './line.js';
import type { ReloadView } from './reload-tracker.js';
import { safeText } from '../safe-text.js';
import type { StatusLevel, StatusMessage } from './tui-state.js';
import type { Focus } from './ui-action.js';

export interface StatusInput {
  focus: Focus;
  quitting: boolean;
  mode: 'run' | 'attach';
  filterEditing: boolean;
  filter: string;
  online: number;
  snapshotError: string | null;
  reloads: readonly ReloadView[];
  status: StatusMessage | null;
  /** The clock, for fading and aging messages. */
  now: number;
  /** A command's y/n question (a heap snapshot pauses the worker). */
  question?: string | null;
}

/** The most lines the status takes (the log pane gives up a row meanwhile). */
export const MAX_STATUS_LINES = 2;

const LEVEL_COLORS = { info: undefined, success: 'green', busy: 'yellow', warn: 'yellow', error: 'red' } as const;

/** How long a message shows; null: until replaced (an error, an action still running). */
const SHOWN_FOR: Readonly<Record<StatusLevel, number | null>> = { info: 10_000, success: 10_000, warn: 30_000, busy: null, error: null };
/** A message that stays says how old it is once it is older than this. */
const AGE_AFTER = 10_000;

/** The status as screen lines of `width`: one, or two for a long message. */
export function statusLines(s: StatusInput, width: number): Line[] {
  return wrapLine(statusLine(s), width, MAX_STATUS_LINES);
}

/** What the status line says now, most urgent first, before wrapping. */
export function statusLine(s: StatusInput): Line {
  if (s.focus === 'confirm-quit') {
    return [seg(`Stop ${s.online} worker${s.online === 1 ? '' : 's'} and quit? y/n`, { color: 'yellow', bold: true })];
  }
  if (s.question) return [seg(safeText(s.question), { color: 'yellow', bold: true })];
  if (s.quitting) {
    const text = s.mode === 'attach' ? 'detaching…' : `stopping… ${s.online > 0 ? `(${s.online} online)` : ''}`;
    return [seg(text, { color: 'yellow', bold: true })];
  }
  if (s.filterEditing) return [seg('filter: ', { bold: true }), seg(`${s.filter}█`)];
  if (s.snapshotError) return [seg(`cannot read the state: ${safeText(s.snapshotError)}`, { color: 'red', bold: true })];
  const reload = s.reloads[0];
  if (reload) return [seg(`reload ${safeText(reload.app)}: `, { color: 'yellow', bold: true }), seg(reloadSteps(reload))];
  const message = s.status;
  if (message && !faded(message, s.now)) {
    const line: Line = [seg(safeText(message.text), { color: LEVEL_COLORS[message.level], bold: message.level === 'error' })];
    const age = s.now - message.at;
    if (SHOWN_FOR[message.level] === null && message.level !== 'busy' && age >= AGE_AFTER) {
      line.push(seg(` · ${formatDuration(age)} ago`, { dim: true }));
    }
    return line;
  }
  return [seg('ready · ? for help', { dim: true })];
}

/** Whether a message has been shown long enough. */
export function faded(message: StatusMessage, now: number): boolean {
  const ttl = SHOWN_FOR[message.level];
  return ttl !== null && now - message.at >= ttl;
}

/** `web:0 done (pid 7) · web:1 starting`: workers written `<app>:<id>` as everywhere (docs/json.md). */
function reloadSteps(r: ReloadView): string {
  const app = safeText(r.app);
  return [...r.slots.values()]
    .sort((a, b) => a.id - b.id)
    .map((p) => `${app}:${p.id} ${p.phase}${p.pid ? ` (pid ${p.pid})` : ''}${p.message ? `: ${safeText(p.message)}` : ''}`)
    .join(' · ');
}
