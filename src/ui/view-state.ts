// What the operator is looking at, as a pure reducer: selection, focus, log scroll and filter.
// Anything the reducer needs to know about the world (the worker order, the listed log lines)
// comes in a ViewContext, so that every transition is a plain function of its inputs.
import type { CommandName, Focus, UiAction } from './ui-action.js';

export interface Selection {
  app: string;
  id: number;
}

/** Follow the tail, or stay on the line with this seq at the bottom while new lines arrive. */
export type LogScroll = { follow: true } | { follow: false; endSeq: number };

export interface ViewState {
  focus: Focus;
  /** The worker asked for; shown as the nearest existing one while it is gone. */
  selection: Selection | null;
  filter: string;
  filterEditing: boolean;
  /** `f`: the log pane shows only the selected worker's lines. */
  onlySelected: boolean;
  scroll: LogScroll;
  /** Lines scrolled down in the detail view. */
  detailScroll: number;
  quitting: boolean;
  /** A command that asks first (a heap snapshot pauses the worker), waiting for y/n. */
  pending?: { command: CommandName; target: Selection } | null;
}

export interface ViewContext {
  /** Workers in display order. */
  workers: readonly Selection[];
  /** The lines the log pane lists now (after filters), oldest first. */
  logLines: readonly { seq: number }[];
  /** How many log lines are visible. */
  logPage: number;
  onlineWorkers: number;
  mode: 'run' | 'attach';
  /** The detail view's document, when it is open: its length, where the config starts, rows shown. */
  detail?: { length: number; configAt: number; rows: number };
}

/** The state at start: nothing chosen yet, so the first worker of the first app shows selected. */
export const initialViewState: ViewState = {
  focus: 'table',
  selection: null,
  filter: '',
  filterEditing: false,
  onlySelected: false,
  scroll: { follow: true },
  detailScroll: 0,
  quitting: false,
};

/** Apply one key action to the view; commands (restart, scale...) leave it unchanged. */
export function reduceView(state: ViewState, action: UiAction, ctx: ViewContext): ViewState {
  if (state.quitting) return state;
  switch (action.type) {
    case 'move': {
      const current = resolveSelection(state.selection, ctx.workers);
      if (!current) return state;
      const index = ctx.workers.findIndex((w) => sameWorker(w, current));
      const next = ctx.workers[clamp(index + action.delta, 0, ctx.workers.length - 1)]!;
      const follow = state.onlySelected ? { scroll: { follow: true } as const } : {};
      return { ...state, selection: { ...next }, detailScroll: 0, ...follow };
    }
    case 'open-detail':
      if (state.focus === 'detail') return { ...state, focus: 'table' };
      return resolveSelection(state.selection, ctx.workers) ? { ...state, focus: 'detail', detailScroll: 0 } : state;
    case 'back':
      return back(state);
    case 'help':
      return { ...state, focus: state.focus === 'help' ? 'table' : 'help' };
    case 'filter-start':
      return { ...state, focus: 'table', filterEditing: true };
    case 'filter-type':
      return { ...state, filter: state.filter + action.text, scroll: { follow: true } };
    case 'filter-erase':
      return { ...state, filter: [...state.filter].slice(0, -1).join(''), scroll: { follow: true } };
    case 'filter-done':
      return { ...state, filterEditing: false };
    case 'filter-cancel':
      return { ...state, filterEditing: false, filter: '', scroll: { follow: true } };
    case 'toggle-only-selected':
      return { ...state, onlySelected: !state.onlySelected, scroll: { follow: true } };
    case 'scroll':
      if (state.focus === 'detail') return { ...state, detailScroll: scrollDetail(state.detailScroll, action.pages, ctx.detail) };
      return { ...state, scroll: scrollLogs(state.scroll, action.pages, ctx.logLines, ctx.logPage) };
    case 'detail-config': {
      if (state.focus !== 'detail' || !ctx.detail) return state;
      // c jumps to the configuration, and back to the top when already there
      const target = clamp(ctx.detail.configAt, 0, Math.max(0, ctx.detail.length - ctx.detail.rows));
      return { ...state, detailScroll: target > 0 && state.detailScroll >= target ? 0 : target };
    }
    case 'follow':
      return state.focus === 'detail' ? { ...state, detailScroll: 0 } : { ...state, scroll: { follow: true } };
    case 'quit':
      if (ctx.mode === 'attach' || ctx.onlineWorkers === 0) return { ...state, quitting: true };
      return { ...state, focus: 'confirm-quit' };
    case 'confirm':
      if (state.pending) return { ...state, pending: null }; // the App runs it on yes
      if (state.focus !== 'confirm-quit') return state;
      return action.yes ? { ...state, focus: 'table', quitting: true } : { ...state, focus: 'table' };
    case 'interrupt':
      // Ctrl-C means "stop the group gracefully" (run) or "detach" (attach): no question asked
      return { ...state, quitting: true };
    case 'command':
      return state;
  }
}

/** Esc: leave the overlay, else drop the filter, else return to following the logs. */
function back(state: ViewState): ViewState {
  if (state.focus !== 'table') return { ...state, focus: 'table' };
  if (state.filter !== '') return { ...state, filter: '', scroll: { follow: true } };
  if (state.onlySelected) return { ...state, onlySelected: false, scroll: { follow: true } };
  return { ...state, scroll: { follow: true } };
}

/** The worker to show as selected: the one asked for, else its nearest slot, else the first. */
export function resolveSelection(wanted: Selection | null, workers: readonly Selection[]): Selection | null {
  if (workers.length === 0) return null;
  if (!wanted) return workers[0]!;
  const exact = workers.find((w) => sameWorker(w, wanted));
  if (exact) return exact;
  const sameApp = workers.filter((w) => w.app === wanted.app);
  if (sameApp.length === 0) return workers[0]!;
  const below = sameApp.filter((w) => w.id < wanted.id);
  return below.length > 0 ? below[below.length - 1]! : sameApp[0]!;
}

/** Move the detail view by whole pages of what it shows, never past either end. */
function scrollDetail(top: number, pages: number, detail: ViewContext['detail']): number {
  if (!detail) return Math.max(0, top + pages * 10);
  const page = Math.max(1, detail.rows - 1); // one line of overlap keeps the reader's place
  return clamp(top + pages * page, 0, Math.max(0, detail.length - detail.rows));
}

/** Move the log view by whole pages; reaching the tail means following it again. */
export function scrollLogs(scroll: LogScroll, pages: number, lines: readonly { seq: number }[], page: number): LogScroll {
  const size = Math.max(1, page);
  if (lines.length <= size) return { follow: true };
  const last = lines.length - 1;
  const end = scroll.follow ? last : Math.max(size - 1, indexAtOrBefore(lines, scroll.endSeq));
  const target = end + pages * size;
  if (target >= last) return { follow: true };
  return { follow: false, endSeq: lines[Math.max(size - 1, target)]!.seq };
}

/** Index of the last line whose seq is <= `seq` (binary search); -1 when every seq is greater. */
export function indexAtOrBefore(lines: readonly { seq: number }[], seq: number): number {
  let lo = 0;
  let hi = lines.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (lines[mid]!.seq <= seq) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** Same app and slot. */
export function sameWorker(a: Selection, b: Selection): boolean {
  return a.app === b.app && a.id === b.id;
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, n));
}
