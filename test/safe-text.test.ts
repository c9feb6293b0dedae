import { describe, expect, it } from 'vitest';
import { safeText } from '../src/safe-text.js';

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

describe('safeText', () => {
  it('returns plain text unchanged, ASCII or not', () => {
    expect(safeText('GET /health 200 3ms')).toBe('GET /health 200 3ms');
    expect(safeText('héllo wörld — 日本 🎉')).toBe('héllo wörld — 日本 🎉');
    expect(safeText('')).toBe('');
  });

  it('strips colours and cursor movement', () => {
    expect(safeText('\u001b[31mred\u001b[0m text')).toBe('red text');
    expect(safeText('a\u001b[2Ab\u001b[10;20Hc\u001b[Kd')).toBe('abcd');
    expect(safeText('\u001b7saved\u001b8')).toBe('saved');
  });

  it('strips clear screen and alternate screen switches', () => {
    expect(safeText('\u001b[2J\u001b[Hwiped')).toBe('wiped');
    expect(safeText('\u001bc reset')).toBe(' reset');
    expect(safeText('\u001b[?1049hx\u001b[?1049l')).toBe('x');
  });

  it('strips OSC window titles terminated by BEL or ST', () => {
    expect(safeText('\u001b]0;pwned\u0007after')).toBe('after');
    expect(safeText('\u001b]2;pwned\u001b\\after')).toBe('after');
    expect(safeText('\u001b]8;;http://x\u001b\\link\u001b]8;;\u001b\\')).toBe('link');
  });

  it('strips 8-bit CSI and other C1 controls', () => {
    expect(safeText('\u009b31mred\u009b0m')).toBe('red');
    expect(safeText('a\u0085b\u009dc')).toBe('abc');
  });

  it('removes a lone ESC, BEL, BS, CR, DEL and NUL', () => {
    expect(safeText('a\u001bb')).toBe('ab');
    expect(safeText('ding\u0007 back\b\b\bspace\u007f')).toBe('ding backspace');
    expect(safeText('progress 10%\rprogress 100%')).toBe('progress 10%progress 100%');
    expect(safeText('nul\u0000byte')).toBe('nulbyte');
  });

  it('leaves no control character from an unterminated OSC', () => {
    const out = safeText('\u001b]0;title never ends \u001b[31mred');
    expect(out).not.toMatch(CONTROL);
    expect(out).toContain('red');
  });

  it('expands TABs to 8-column stops', () => {
    expect(safeText('a\tb')).toBe('a       b');
    expect(safeText('abcdefgh\tx')).toBe('abcdefgh        x');
    expect(safeText('\u001b[1mab\u001b[0m\tc')).toBe('ab      c');
  });

  it('never lets a control character through, whatever the input', () => {
    let seed = 42;
    const rand = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let i = 0; i < 2000; i++) {
      let s = '';
      for (let j = 0; j < 40; j++) s += String.fromCharCode(rand(5) === 0 ? rand(0xa0) : 0x20 + rand(0x5f));
      expect(safeText(s)).not.toMatch(CONTROL);
    }
  });
});
