import { describe, expect, it } from 'vitest';
import { LineSplitter } from '../../src/logs/line-splitter.js';

const b = (s: string): Buffer => Buffer.from(s, 'utf8');

/** Feed chunks, then end: every line emitted. */
function split(chunks: Buffer[], max?: number): string[] {
  const splitter = new LineSplitter(max);
  const lines = chunks.flatMap((c) => splitter.push(c));
  return [...lines, ...splitter.end()];
}

describe('LineSplitter', () => {
  it('splits a chunk into lines and keeps empty lines', () => {
    expect(split([b('a\nbb\n\nccc\n')])).toEqual(['a', 'bb', '', 'ccc']);
  });

  it('joins a line split across chunks', () => {
    const splitter = new LineSplitter();
    expect(splitter.push(b('hel'))).toEqual([]);
    expect(splitter.push(b('lo wo'))).toEqual([]);
    expect(splitter.push(b('rld\nnext'))).toEqual(['hello world']);
    expect(splitter.bufferedBytes).toBe(4);
    expect(splitter.push(b('\n'))).toEqual(['next']);
    expect(splitter.end()).toEqual([]);
  });

  it('gives the same lines for every way of cutting the input', () => {
    const text = 'alpha\r\nbeta\n\ngamma ünïcødé 日本語 🎉\r\ndelta';
    const bytes = b(text);
    const expected = ['alpha', 'beta', '', 'gamma ünïcødé 日本語 🎉', 'delta'];
    for (let i = 0; i <= bytes.length; i++) {
      for (let j = i; j <= bytes.length; j++) {
        expect(split([bytes.subarray(0, i), bytes.subarray(i, j), bytes.subarray(j)])).toEqual(expected);
      }
    }
  });

  it('handles CRLF, also when CR and LF arrive in different chunks', () => {
    expect(split([b('a\r\nb\r\n')])).toEqual(['a', 'b']);
    expect(split([b('a\r'), b('\nb\r'), b('\n')])).toEqual(['a', 'b']);
  });

  it('keeps a lone CR inside a line (the sanitizer removes it for display)', () => {
    expect(split([b('10%\r100%\n')])).toEqual(['10%\r100%']);
  });

  it('does not corrupt a multi-byte character split byte by byte', () => {
    const bytes = b('→🎉\n');
    const chunks = [...bytes].map((x) => Buffer.from([x]));
    expect(split(chunks)).toEqual(['→🎉']);
  });

  it('emits a trailing partial line on end', () => {
    expect(split([b('one\ntwo')])).toEqual(['one', 'two']);
    expect(split([b('one\n')])).toEqual(['one']);
    expect(split([])).toEqual([]);
  });

  it('cuts a line longer than the cap with a marker, and resumes at the next line', () => {
    const long = 'x'.repeat(100);
    expect(split([b(`${long}\nok\n`)], 10)).toEqual(['xxxxxxxxxx …[cut 90 bytes]', 'ok']);
    expect(split([b('x'.repeat(10) + '\n')], 10)).toEqual(['x'.repeat(10)]);
  });

  it('caps a long line that arrives over many chunks without buffering it', () => {
    const splitter = new LineSplitter(1024);
    const chunk = b('y'.repeat(64 * 1024));
    for (let i = 0; i < 100; i++) {
      expect(splitter.push(chunk)).toEqual([]);
      expect(splitter.bufferedBytes).toBeLessThanOrEqual(1024);
    }
    const [line, next] = splitter.push(b('\nafter\n'));
    expect(line).toBe(`${'y'.repeat(1024)} …[cut ${100 * 64 * 1024 - 1024} bytes]`);
    expect(next).toBe('after');
  });

  it('cuts on a character boundary and counts the split character as cut', () => {
    // 'é' is 2 bytes: a cap of 3 falls inside the second one.
    expect(split([b('éé\n')], 3)).toEqual(['é …[cut 2 bytes]']);
    expect(split([b('a🎉b\n')], 3)).toEqual(['a …[cut 5 bytes]']);
  });

  it('cuts an unterminated long line on end too', () => {
    expect(split([b('z'.repeat(20))], 5)).toEqual(['zzzzz …[cut 15 bytes]']);
  });
});
