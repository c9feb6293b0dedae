// The TUI's bundle replaces @alcalzone/ansi-tokenize's styledCharsToString with
// src/ui/ink-styled-chars.ts (scripts/ink-fast-paths.mjs): it must give the same string for any row.
import { ansiCodesToString, diffAnsiCodes, styledCharsFromTokens, styledCharsToString, tokenize } from '@alcalzone/ansi-tokenize';
import { describe, expect, it } from 'vitest';
import { fastStyledCharsToString } from '../../src/ui/ink-styled-chars.js';

const fast = (chars: Parameters<typeof styledCharsToString>[0]): string => fastStyledCharsToString(chars, { ansiCodesToString, diffAnsiCodes });

const CODES = ['1', '2', '3', '4', '7', '9', '22', '23', '24', '27', '31', '32', '33', '36', '39', '41', '44', '49', '90', '38;5;208', '48;5;22', '0', ''];
const TEXT = ['a', 'b', ' ', '─', '▶', '▂', '日', '😀', 'é'];

/** A line of random text and SGR codes (some unterminated, some resets), seeded for a stable run. */
function randomLine(seed: number): string {
  let s = seed;
  const next = (n: number): number => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s % n;
  };
  let line = '';
  const length = next(40);
  for (let i = 0; i < length; i++) line += next(3) === 0 ? `\u001b[${CODES[next(CODES.length)]}m` : TEXT[next(TEXT.length)];
  return line;
}

describe('fastStyledCharsToString', () => {
  it('gives the shipped function’s string for 5000 random styled lines', () => {
    for (let seed = 1; seed <= 5000; seed++) {
      const chars = styledCharsFromTokens(tokenize(randomLine(seed)));
      expect(fast(chars), `seed ${seed}`).toBe(styledCharsToString(chars));
    }
  });

  it('gives it for rows as Ink builds them: blank cells with their own empty styles around styled text', () => {
    const blank = () => ({ type: 'char' as const, value: ' ', fullWidth: false, styles: [] });
    const text = styledCharsFromTokens(tokenize('\u001b[1m\u001b[32mon\u001b[39mline\u001b[22m \u001b[7m▶ #0\u001b[27m'));
    const rows = [[], [blank(), blank()], [...text], [blank(), ...text, blank(), blank()], [...text, ...text]];
    for (const row of rows) expect(fast(row)).toBe(styledCharsToString(row));
  });
});
