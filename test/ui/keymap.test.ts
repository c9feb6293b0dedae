import type { Key } from 'ink';
import { describe, expect, it } from 'vitest';
import { keyToAction, splitBurst, type KeyContext } from '../../src/ui/keymap.js';

const NO_KEY: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
};
const table: KeyContext = { focus: 'table', filterEditing: false };
const key = (over: Partial<Key>): Key => ({ ...NO_KEY, ...over });

describe('keyToAction', () => {
  it('a command waiting for y/n takes y as yes and any other key as no', () => {
    const confirming: KeyContext = { ...table, confirming: true };
    expect(keyToAction('y', key({}), confirming)).toEqual({ type: 'confirm', yes: true });
    expect(keyToAction('r', key({}), confirming)).toEqual({ type: 'confirm', yes: false });
  });

  it('maps the documented keys in the table', () => {
    const cases: [string, Partial<Key>, unknown][] = [
      ['j', {}, { type: 'move', delta: 1 }],
      ['k', {}, { type: 'move', delta: -1 }],
      ['', { downArrow: true }, { type: 'move', delta: 1 }],
      ['', { upArrow: true }, { type: 'move', delta: -1 }],
      ['', { return: true }, { type: 'open-detail' }],
      ['', { escape: true, meta: true }, { type: 'back' }],
      ['r', {}, { type: 'command', command: 'restart-worker' }],
      ['R', { shift: true }, { type: 'command', command: 'restart-app' }],
      ['l', {}, { type: 'command', command: 'reload-app' }],
      ['+', {}, { type: 'command', command: 'scale-up' }],
      ['-', {}, { type: 'command', command: 'scale-down' }],
      ['s', {}, { type: 'command', command: 'stop-start' }],
      ['K', { shift: true }, { type: 'command', command: 'kill-worker' }],
      ['p', {}, { type: 'command', command: 'profile-worker' }],
      ['H', { shift: true }, { type: 'command', command: 'heapsnapshot-worker' }],
      ['/', {}, { type: 'filter-start' }],
      ['f', {}, { type: 'toggle-only-selected' }],
      ['', { pageUp: true }, { type: 'scroll', pages: -1 }],
      ['', { pageDown: true }, { type: 'scroll', pages: 1 }],
      ['', { end: true }, { type: 'follow' }],
      ['?', {}, { type: 'help' }],
      ['q', {}, { type: 'quit' }],
      ['c', { ctrl: true }, { type: 'interrupt' }],
    ];
    for (const [input, k, action] of cases) expect(keyToAction(input, key(k), table), `key ${input || JSON.stringify(k)}`).toEqual(action);
  });

  it('ignores unknown keys and other ctrl combinations', () => {
    expect(keyToAction('x', NO_KEY, table)).toBeNull();
    expect(keyToAction('r', key({ ctrl: true }), table)).toBeNull();
  });

  it('sends printable keys to the filter while typing it', () => {
    const typing: KeyContext = { focus: 'table', filterEditing: true };
    expect(keyToAction('q', NO_KEY, typing)).toEqual({ type: 'filter-type', text: 'q' });
    expect(keyToAction('a\x1b[2Jb', NO_KEY, typing)).toEqual({ type: 'filter-type', text: 'a[2Jb' });
    expect(keyToAction('', key({ delete: true }), typing)).toEqual({ type: 'filter-erase' });
    expect(keyToAction('', key({ return: true }), typing)).toEqual({ type: 'filter-done' });
    expect(keyToAction('', key({ escape: true, meta: true }), typing)).toEqual({ type: 'filter-cancel' });
    expect(keyToAction('c', key({ ctrl: true }), typing)).toEqual({ type: 'interrupt' });
  });

  it('answers the quit question with y only', () => {
    const confirm: KeyContext = { focus: 'confirm-quit', filterEditing: false };
    expect(keyToAction('y', NO_KEY, confirm)).toEqual({ type: 'confirm', yes: true });
    expect(keyToAction('n', NO_KEY, confirm)).toEqual({ type: 'confirm', yes: false });
    expect(keyToAction('q', NO_KEY, confirm)).toEqual({ type: 'confirm', yes: false });
  });

  it('closes the help on any key, and has no filter in the detail view', () => {
    expect(keyToAction('x', NO_KEY, { focus: 'help', filterEditing: false })).toEqual({ type: 'help' });
    expect(keyToAction('/', NO_KEY, { focus: 'detail', filterEditing: false })).toBeNull();
    expect(keyToAction('r', NO_KEY, { focus: 'detail', filterEditing: false })).toEqual({ type: 'command', command: 'restart-worker' });
    expect(keyToAction('c', NO_KEY, { focus: 'detail', filterEditing: false })).toEqual({ type: 'detail-config' });
    expect(keyToAction('c', NO_KEY, { focus: 'table', filterEditing: false })).toBeNull();
  });
});

describe('splitBurst', () => {
  it('splits keys that arrived together', () => {
    const keys = splitBurst('jK\r', NO_KEY);
    expect(keys.map(([input]) => input)).toEqual(['j', 'K', '']);
    expect(keys[1]![1].shift).toBe(true);
    expect(keys[2]![1].return).toBe(true);
  });

  it('leaves single keys and escape sequences alone', () => {
    expect(splitBurst('j', NO_KEY)).toEqual([['j', NO_KEY]]);
    expect(splitBurst('\x1b[5~', NO_KEY)).toHaveLength(1);
  });
});
