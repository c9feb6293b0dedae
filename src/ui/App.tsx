// The dashboard: reads the store, keeps the view state, picks the layout for the focus and
// turns keys into view changes or commands. Components below it are functions of props.
import { Box, useInput, type Key } from 'ink';
import { useEffect, useReducer, useRef, useState } from 'react';
import type { Source } from '../model/source.js';
import type { AppInfo, Snapshot, WorkerInfo } from '../model/types.js';
import { countWorkers } from './chrome-model.js';
import { confirmQuestion, runCommand } from './commands.js';
import { DetailView, detailWindow } from './components/DetailView.js';
import { Footer } from './components/Footer.js';
import { Header } from './components/Header.js';
import { HelpOverlay } from './components/HelpOverlay.js';
import { LogPane } from './components/LogPane.js';
import { StatusLine } from './components/StatusLine.js';
import { WorkerTable } from './components/WorkerTable.js';
import { detailDocument } from './detail-model.js';
import { headerRows, hostGroupRows } from './hosts-model.js';
import { keyToAction, splitBurst } from './keymap.js';
import { screenLayout } from './layout.js';
import { filterLogs, tagWidth } from './log-model.js';
import { activeReloads } from './reload-tracker.js';
import { statusLines } from './status-model.js';
import type { TuiState, TuiStore } from './store.js';
import { frameKey, unfold } from './frame.js';
import { useTerminalSize, type TerminalSize } from './use-terminal-size.js';
import { initialViewState, reduceView, resolveSelection, type Selection, type ViewContext, type ViewState } from './view-state.js';

export interface AppProps {
  store: TuiStore;
  source: Source;
  mode: 'run' | 'attach';
  /** Called once when the operator quits (q confirmed, or Ctrl-C). */
  onQuit: () => void;
  /** A fixed terminal size (tests); else stdout's, following resizes. */
  size?: TerminalSize;
  initialView?: ViewState;
}

/** The whole TUI. */
export function App({ store, source, mode, onQuit, size, initialView = initialViewState }: AppProps) {
  const { columns, rows } = useTerminalSize(size);
  const [view, setView] = useState(initialView);
  const viewRef = useRef(view);
  viewRef.current = view;
  const memo = useRef<DashboardMemo | null>(null);
  memo.current ??= dashboardMemo();
  const ctx = { source, mode, columns, rows };
  const ctxRef = useRef(ctx);
  ctxRef.current = ctx;

  // The store's publications reach the screen only when they change it (frame.ts). A render
  // reads the store's latest state, so a view change shows what the skipped ones brought.
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const state = store.getState();
  const d = memo.current.dashboard(state, view, ctx);
  const shownKey = useRef('');
  shownKey.current = d.key;
  useEffect(() => {
    const onPublish = (): void => {
      if (memo.current!.dashboard(store.getState(), viewRef.current, ctxRef.current).key !== shownKey.current) rerender();
    };
    const unsubscribe = store.subscribe(onPublish);
    onPublish(); // what was published between the first render and now
    return unsubscribe;
  }, [store]);
  const { selected } = d;

  // pin the first worker once known, so that it stays selected while others come and go
  // biome-ignore lint/correctness/useExhaustiveDependencies: the selected worker by value (app, id), not by identity
  useEffect(() => {
    if (view.selection === null && selected) setView((v) => (v.selection === null ? { ...v, selection: selected } : v));
  }, [view.selection, selected?.app, selected?.id]);

  const handleKey = (input: string, key: Key): void => {
    const current = viewRef.current;
    // the latest state and view, not the render's: a key can come before React re-binds this
    // handler to the last render, and in a burst ("jjr") the moves before r count
    const state = store.getState();
    const { workers, listed, counts, age, layout } = memo.current!.dashboard(state, current, ctxRef.current);
    const action = keyToAction(input, key, { focus: current.focus, filterEditing: current.filterEditing, confirming: Boolean(current.pending) });
    if (!action) return;
    if (action.type === 'command') {
      const target = resolveSelection(current.selection, workers);
      if (target && confirmQuestion(action.command, appOf(state.snapshot, target.app), target.id)) {
        const next = { ...current, pending: { command: action.command, target } };
        viewRef.current = next;
        setView(next);
        return;
      }
      const status = target && findWorker(state.snapshot, target)?.status;
      void runCommand(action.command, target && status ? { ...target, status } : null, source, store);
      return;
    }
    if (action.type === 'confirm' && current.pending) {
      const { command, target } = current.pending;
      const status = findWorker(state.snapshot, target)?.status;
      if (action.yes) void runCommand(command, status ? { ...target, status } : null, source, store);
    }
    const next = reduceView(current, action, {
      workers,
      logLines: listed,
      logPage: Math.max(1, layout.logs - 1),
      onlineWorkers: counts.online,
      mode,
      detail: current.focus === 'detail' ? detailContext(state.snapshot, current, workers, age, columns, layout.body) : undefined,
    });
    viewRef.current = next;
    setView(next);
    if (next.quitting && !current.quitting) onQuit();
  };
  useInput((input, key) => {
    if (store.getState().quitting || viewRef.current.quitting) return;
    for (const [one, k] of splitBurst(input, key)) handleKey(one, k);
  });
  return d.tree;
}

interface DashboardContext {
  source: Source;
  mode: 'run' | 'attach';
  columns: number;
  rows: number;
}

type Dashboard = ReturnType<typeof dashboard>;

interface DashboardMemo {
  /** dashboard(), computed once per (state, view, context) */
  dashboard(state: TuiState, view: ViewState, ctx: DashboardContext): Dashboard;
}

/** The components whose output only their props decide, called in place to key the frame. */
const UNFOLDED: ReadonlySet<unknown> = new Set([Header, WorkerTable, LogPane, StatusLine, Footer, DetailView, HelpOverlay]);

function dashboardMemo(): DashboardMemo {
  const workerOrderOf = lastCall(workerOrder);
  const filtered = lastCall((logs: TuiState['logs'], text: string, app: string | undefined, id: number | undefined) =>
    filterLogs(logs, { text, only: app !== undefined && id !== undefined ? { app, id } : null }),
  );
  const tagsOf = lastCall(tagWidth);
  let last: { state: TuiState; view: ViewState; ctx: DashboardContext; result: Dashboard } | null = null;
  return {
    dashboard(state, view, ctx) {
      const same =
        last &&
        last.state === state &&
        last.view === view &&
        last.ctx.source === ctx.source &&
        last.ctx.mode === ctx.mode &&
        last.ctx.columns === ctx.columns &&
        last.ctx.rows === ctx.rows;
      if (!same) last = { state, view, ctx, result: dashboard(state, view, ctx, { workerOrderOf, filtered, tagsOf }) };
      return last!.result;
    },
  };
}

interface DashboardCaches {
  workerOrderOf: typeof workerOrder;
  filtered: (logs: TuiState['logs'], text: string, app: string | undefined, id: number | undefined) => ReturnType<typeof filterLogs>;
  tagsOf: typeof tagWidth;
}

/** Everything the screen shows for this state and view, as an unfolded tree and its key. */
function dashboard(state: TuiState, view: ViewState, { source, mode, columns, rows }: DashboardContext, caches: DashboardCaches) {
  const workers = caches.workerOrderOf(state.snapshot);
  const selected = resolveSelection(view.selection, workers);
  const only = view.onlySelected ? selected : null;
  const listed = caches.filtered(state.logs, view.filter, only?.app, only?.id);
  const tags = caches.tagsOf(state.snapshot, state.logs);
  const counts = countWorkers(state.snapshot);
  const age = Math.max(0, state.now - state.snapshotAt);
  const reloads = activeReloads(state.reloads, state.now);
  const status = statusLines(
    {
      focus: view.focus,
      quitting: state.quitting || view.quitting,
      mode,
      filterEditing: view.filterEditing,
      filter: view.filter,
      online: counts.online,
      snapshotError: state.snapshotError,
      reloads,
      status: state.status,
      now: state.now,
      question: view.pending ? confirmQuestion(view.pending.command, appOf(state.snapshot, view.pending.target.app), view.pending.target.id) : null,
    },
    columns,
  );
  const layout = screenLayout(rows, counts.apps + counts.total + hostGroupRows(state.snapshot), status.length, headerRows(state.snapshot));
  const app = state.snapshot?.apps.find((a) => a.name === selected?.app) ?? null;
  const worker = selected ? findWorker(state.snapshot, selected) : null;
  const detail = view.focus === 'detail' && app && worker ? detailDocument(app, worker, age, columns, process.env) : null;

  const element = (
    <Box flexDirection="column" width={columns} height={layout.height}>
      <Header label={source.label} host={state.host} snapshot={state.snapshot} width={columns} age={age} selectedHost={app?.host} />
      <Box flexDirection="column" height={layout.body} overflowY="hidden">
        {view.focus === 'help' ? (
          <HelpOverlay capabilities={source.capabilities} mode={mode} height={layout.body} />
        ) : view.focus === 'detail' ? (
          <DetailView doc={detail} height={layout.body} width={columns} scroll={view.detailScroll} />
        ) : (
          <>
            <Box height={layout.table} flexDirection="column" overflowY="hidden">
              <WorkerTable
                snapshot={state.snapshot}
                history={state.history}
                selected={selected}
                age={age}
                width={columns}
                height={layout.table}
                reloading={new Set(reloads.map((r) => r.app))}
              />
            </Box>
            <LogPane
              lines={listed}
              scroll={view.scroll}
              height={layout.logs}
              width={columns}
              filter={view.filter}
              onlyLabel={only ? `${only.app}:${only.id}` : null}
              tagWidth={tags}
            />
          </>
        )}
      </Box>
      <StatusLine lines={status} />
      <Footer
        width={columns}
        focus={view.focus}
        filterEditing={view.filterEditing}
        mode={mode}
        capabilities={source.capabilities}
        selectedStatus={worker?.status ?? null}
        onlySelected={view.onlySelected}
        following={view.scroll.follow}
        confirming={Boolean(view.pending)}
      />
    </Box>
  );
  const tree = unfold(element, UNFOLDED);
  return { workers, selected, listed, counts, age, layout, worker, tree, key: frameKey(tree) };
}

/** fn, remembering its last arguments and result (compared by identity). */
function lastCall<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  let args: A | null = null;
  let result: R;
  return (...next: A): R => {
    if (!args || args.length !== next.length || args.some((a, i) => a !== next[i])) {
      result = fn(...next);
      args = next;
    }
    return result;
  };
}

/**
 * The detail document's measures for the reducer, from the view being acted on (not the render's:
 * in a burst, or before React re-binds the key handler, Enter then c must see the detail open).
 */
function detailContext(snapshot: Snapshot | null, view: ViewState, workers: Selection[], age: number, columns: number, body: number): ViewContext['detail'] {
  const s = resolveSelection(view.selection, workers);
  const app = snapshot?.apps.find((a) => a.name === s?.app);
  const worker = s ? findWorker(snapshot, s) : null;
  if (!app || !worker) return undefined;
  const doc = detailDocument(app, worker, age, columns, process.env);
  return { length: doc.lines.length, configAt: doc.configAt, rows: detailWindow(doc, body, 0).rows };
}

function appOf(snapshot: Snapshot | null, name: string): AppInfo | null {
  return snapshot?.apps.find((a) => a.name === name) ?? null;
}

function findWorker(snapshot: Snapshot | null, s: Selection): WorkerInfo | null {
  return snapshot?.apps.find((a) => a.name === s.app)?.workers.find((w) => w.id === s.id) ?? null;
}

/** Workers in display order: apps in snapshot order, slots as listed. */
function workerOrder(snapshot: Snapshot | null): Selection[] {
  return (snapshot?.apps ?? []).flatMap((app) => app.workers.map((w) => ({ app: app.name, id: w.id })));
}
