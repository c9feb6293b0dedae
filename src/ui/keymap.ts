// Keys to actions, as pure data and one function: the App never inspects key codes itself.
import type { Key } from 'ink';
import type { Focus, UiAction } from './ui-action.js';

export interface KeyContext {
  focus: Focus;
  filterEditing: boolean;
  /** A command waits for y/n (a heap snapshot). */
  confirming?: boolean;
}

/** Printable keys of the table and detail views. */
const CHAR_ACTIONS: Readonly<Record<string, UiAction>> = {
  j: { type: 'move', delta: 1 },
  k: { type: 'move', delta: -1 },
  r: { type: 'command', command: 'restart-worker' },
  R: { type: 'command', command: 'restart-app' },
  l: { type: 'command', command: 'reload-app' },
  '+': { type: 'command', command: 'scale-up' },
  '=': { type: 'command', command: 'scale-up' }, // `+` without shift on most layouts
  '-': { type: 'command', command: 'scale-down' },
  s: { type: 'command', command: 'stop-start' },
  K: { type: 'command', command: 'kill-worker' },
  p: { type: 'command', command: 'profile-worker' },
  H: { type: 'command', command: 'heapsnapshot-worker' },
  '/': { type: 'filter-start' },
  f: { type: 'toggle-only-selected' },
  G: { type: 'follow' },
  c: { type: 'detail-config' },
  '?': { type: 'help' },
  q: { type: 'quit' },
};

/** Special keys, checked in order. */
const KEY_ACTIONS: readonly [keyof Key, UiAction][] = [
  ['downArrow', { type: 'move', delta: 1 }],
  ['upArrow', { type: 'move', delta: -1 }],
  ['return', { type: 'open-detail' }],
  ['escape', { type: 'back' }],
  ['pageUp', { type: 'scroll', pages: -1 }],
  ['pageDown', { type: 'scroll', pages: 1 }],
  ['end', { type: 'follow' }],
];

/** The action for one key press in the given focus, or null when the key means nothing there. */
export function keyToAction(input: string, key: Key, ctx: KeyContext): UiAction | null {
  if (key.ctrl && input === 'c') return { type: 'interrupt' };
  if (ctx.filterEditing) return filterKey(input, key);
  if (ctx.focus === 'help') return { type: 'help' }; // any key closes the help
  if (ctx.focus === 'confirm-quit' || ctx.confirming) {
    if (input === 'y' || input === 'Y') return { type: 'confirm', yes: true };
    return { type: 'confirm', yes: false };
  }
  if (key.ctrl || (key.meta && !key.escape)) return null;
  for (const [name, action] of KEY_ACTIONS) if (key[name]) return action;
  const action = CHAR_ACTIONS[input];
  if (!action) return null;
  if (ctx.focus === 'detail' && action.type === 'filter-start') return null;
  if (ctx.focus !== 'detail' && action.type === 'detail-config') return null;
  return action;
}

/** While typing a filter, printable text is the filter; Enter keeps it, Esc drops it. */
function filterKey(input: string, key: Key): UiAction | null {
  if (key.return) return { type: 'filter-done' };
  if (key.escape) return { type: 'filter-cancel' };
  if (key.backspace || key.delete) return { type: 'filter-erase' };
  if (key.ctrl || key.meta) return null;
  // a paste arrives as one string: keep only what can be shown on one line
  const text = input.replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
  return text ? { type: 'filter-type', text } : null;
}

/**
 * Keys typed faster than they are read (tmux send-keys, a paste, key repeat under load) reach
 * Ink as one string, "jj\r": split such a burst into single key presses.
 */
export function splitBurst(input: string, key: Key): [string, Key][] {
  const chars = [...input];
  if (chars.length <= 1 || key.ctrl || key.meta || input.includes('\x1b')) return [[input, key]];
  const plain: Key = { ...key, return: false, delete: false, backspace: false, tab: false, shift: false };
  return chars.map((ch): [string, Key] => {
    if (ch === '\r' || ch === '\n') return ['', { ...plain, return: true }];
    if (ch === '\x7f') return ['', { ...plain, delete: true }];
    if (ch === '\b') return ['', { ...plain, backspace: true }];
    return [ch, { ...plain, shift: /[A-Z]/.test(ch) }];
  });
}
