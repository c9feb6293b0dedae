import { describe, expect, it } from 'vitest';
import type { UiAction } from '../../src/ui/ui-action.js';
import { initialViewState, reduceView, resolveSelection, scrollLogs, type ViewContext, type ViewState } from '../../src/ui/view-state.js';

const workers = [
  { app: 'web', id: 0 },
  { app: 'web', id: 1 },
  { app: 'web', id: 2 },
  { app: 'api', id: 0 },
];
const lines = Array.from({ length: 100 }, (_, i) => ({ seq: i + 1 }));
const ctx: ViewContext = { workers, logLines: lines, logPage: 10, onlineWorkers: 3, mode: 'run' };

function run(actions: UiAction[], state: ViewState = initialViewState, c: ViewContext = ctx): ViewState {
  return actions.reduce((s, a) => reduceView(s, a, c), state);
}

describe('selection', () => {
  it('starts on the first worker of the first app and moves within bounds', () => {
    expect(resolveSelection(initialViewState.selection, workers)).toEqual({ app: 'web', id: 0 });
    expect(
      run([
        { type: 'move', delta: 1 },
        { type: 'move', delta: 1 },
      ]).selection,
    ).toEqual({ app: 'web', id: 2 });
    expect(run([{ type: 'move', delta: -1 }]).selection).toEqual({ app: 'web', id: 0 });
    const down = Array.from({ length: 9 }, (): UiAction => ({ type: 'move', delta: 1 }));
    expect(run(down).selection).toEqual({ app: 'api', id: 0 });
  });

  it('survives the selected worker going away and coming back', () => {
    const selected = { app: 'web', id: 2 };
    const withoutIt = workers.filter((w) => !(w.app === 'web' && w.id === 2));
    expect(resolveSelection(selected, withoutIt)).toEqual({ app: 'web', id: 1 });
    expect(resolveSelection(selected, workers)).toEqual(selected);
    expect(resolveSelection({ app: 'gone', id: 0 }, workers)).toEqual({ app: 'web', id: 0 });
    expect(resolveSelection(selected, [])).toBeNull();
  });

  it('moves from the nearest worker when the selected one is gone', () => {
    const state = { ...initialViewState, selection: { app: 'web', id: 2 } };
    const c = { ...ctx, workers: workers.filter((w) => w.id !== 2) };
    expect(run([{ type: 'move', delta: 1 }], state, c).selection).toEqual({ app: 'api', id: 0 });
  });
});

describe('focus', () => {
  it('opens and closes the detail view and the help', () => {
    const detail = run([{ type: 'open-detail' }]);
    expect(detail.focus).toBe('detail');
    expect(run([{ type: 'back' }], detail).focus).toBe('table');
    expect(run([{ type: 'open-detail' }], detail).focus).toBe('table');
    const help = run([{ type: 'help' }]);
    expect(help.focus).toBe('help');
    expect(run([{ type: 'help' }], help).focus).toBe('table');
  });

  it('does not open a detail view when there is no worker', () => {
    expect(run([{ type: 'open-detail' }], initialViewState, { ...ctx, workers: [] }).focus).toBe('table');
  });
});

describe('quit', () => {
  it('asks before stopping online workers in run mode', () => {
    const asked = run([{ type: 'quit' }]);
    expect(asked).toMatchObject({ focus: 'confirm-quit', quitting: false });
    expect(run([{ type: 'confirm', yes: false }], asked)).toMatchObject({ focus: 'table', quitting: false });
    expect(run([{ type: 'confirm', yes: true }], asked)).toMatchObject({ quitting: true });
  });

  it('quits at once when attached or when nothing runs', () => {
    expect(run([{ type: 'quit' }], initialViewState, { ...ctx, mode: 'attach' }).quitting).toBe(true);
    expect(run([{ type: 'quit' }], initialViewState, { ...ctx, onlineWorkers: 0 }).quitting).toBe(true);
  });

  it('Ctrl-C quits without a question, and nothing changes after quitting', () => {
    const quitting = run([{ type: 'interrupt' }]);
    expect(quitting.quitting).toBe(true);
    expect(run([{ type: 'move', delta: 1 }, { type: 'help' }], quitting)).toBe(quitting);
  });

  it('a stray y outside the question does nothing', () => {
    expect(run([{ type: 'confirm', yes: true }]).quitting).toBe(false);
  });
});

describe('filter and only-selected', () => {
  it('types, erases, keeps and cancels a filter', () => {
    const typed = run([{ type: 'filter-start' }, { type: 'filter-type', text: 'err' }, { type: 'filter-type', text: 'ör' }, { type: 'filter-erase' }]);
    expect(typed).toMatchObject({ filter: 'errö', filterEditing: true });
    expect(run([{ type: 'filter-done' }], typed)).toMatchObject({ filter: 'errö', filterEditing: false });
    expect(run([{ type: 'filter-cancel' }], typed)).toMatchObject({ filter: '', filterEditing: false });
    const kept = run([{ type: 'filter-done' }], typed);
    expect(run([{ type: 'back' }], kept).filter).toBe('');
  });

  it('toggles only-selected and returns to following', () => {
    const scrolled = run([{ type: 'scroll', pages: -1 }]);
    expect(scrolled.scroll.follow).toBe(false);
    const only = run([{ type: 'toggle-only-selected' }], scrolled);
    expect(only).toMatchObject({ onlySelected: true, scroll: { follow: true } });
    expect(run([{ type: 'toggle-only-selected' }], only).onlySelected).toBe(false);
  });
});

describe('log scroll', () => {
  it('pages up from the tail, down again, and follows at the end', () => {
    const up = run([{ type: 'scroll', pages: -1 }]);
    expect(up.scroll).toEqual({ follow: false, endSeq: 90 });
    expect(run([{ type: 'scroll', pages: -1 }], up).scroll).toEqual({ follow: false, endSeq: 80 });
    expect(run([{ type: 'scroll', pages: 1 }], up).scroll).toEqual({ follow: true });
    expect(run([{ type: 'follow' }], up).scroll).toEqual({ follow: true });
  });

  it('stops at the top page', () => {
    const many = Array.from({ length: 20 }, (): UiAction => ({ type: 'scroll', pages: -1 }));
    expect(run(many).scroll).toEqual({ follow: false, endSeq: 10 });
  });

  it('keeps its anchor line while new lines arrive, and copes with the anchor being evicted', () => {
    const anchored = { follow: false, endSeq: 50 } as const;
    const later = Array.from({ length: 100 }, (_, i) => ({ seq: i + 41 })); // 1..40 evicted
    expect(scrollLogs(anchored, -1, later, 10)).toEqual({ follow: false, endSeq: 40 + 10 });
    expect(scrollLogs({ follow: false, endSeq: 5 }, 1, later, 10)).toEqual({ follow: false, endSeq: 60 });
  });

  it('has nothing to scroll when everything fits', () => {
    expect(scrollLogs({ follow: true }, -1, lines.slice(0, 5), 10)).toEqual({ follow: true });
  });

  it('scrolls the detail view instead while it is open', () => {
    const detail = run([{ type: 'open-detail' }, { type: 'scroll', pages: 1 }]);
    expect(detail.detailScroll).toBe(10);
    expect(detail.scroll).toEqual({ follow: true });
    expect(run([{ type: 'scroll', pages: -5 }], detail).detailScroll).toBe(0);
  });

  it('pages through the detail document it is given, stopping at its end', () => {
    const c = { ...ctx, detail: { length: 60, configAt: 25, rows: 19 } };
    const open = run([{ type: 'open-detail' }], initialViewState, c);
    expect(run([{ type: 'scroll', pages: 1 }], open, c).detailScroll).toBe(18);
    expect(run([{ type: 'scroll', pages: 9 }], open, c).detailScroll).toBe(41);
    expect(
      run(
        [
          { type: 'scroll', pages: 9 },
          { type: 'scroll', pages: -1 },
        ],
        open,
        c,
      ).detailScroll,
    ).toBe(23);
  });

  it('jumps to the configuration with c, and back to the top with c again', () => {
    const c = { ...ctx, detail: { length: 60, configAt: 25, rows: 19 } };
    const open = run([{ type: 'open-detail' }], initialViewState, c);
    const atConfig = run([{ type: 'detail-config' }], open, c);
    expect(atConfig.detailScroll).toBe(25);
    expect(run([{ type: 'detail-config' }], atConfig, c).detailScroll).toBe(0);
    // a config near the end: as far as the view goes
    const near = { ...ctx, detail: { length: 30, configAt: 25, rows: 19 } };
    expect(run([{ type: 'detail-config' }], open, near).detailScroll).toBe(11);
    expect(run([{ type: 'detail-config' }, { type: 'detail-config' }], open, near).detailScroll).toBe(0);
    // nothing to do in the table
    expect(run([{ type: 'detail-config' }], initialViewState, c)).toBe(initialViewState);
  });
});
