// The log buffer of the attach sources: sanitized, numbered lines in batches; bounded rings.
import { describe, expect, it } from 'vitest';
import { SourceLogBuffer } from '../../../src/sources/common/source-log-buffer.js';
import type { LogLine } from '../../../src/model/types.js';
import { waitFor } from '../../helpers/wait-for.js';

describe('source log buffer', () => {
  it('numbers backfilled lines before live ones, and batches the live ones', async () => {
    const batches: LogLine[][] = [];
    const buf = new SourceLogBuffer({ emit: (lines) => batches.push(lines), batchMs: 10 });
    buf.backfill([{ at: 1, app: 'a', id: 0, stream: 'out', raw: 'old' }]);
    buf.add('a', 0, 'out', 'one');
    buf.add('a', 1, 'err', 'two');
    await waitFor(() => batches.length === 1);
    expect(batches[0]!.map((l) => [l.seq, l.text])).toEqual([
      [2, 'one'],
      [3, 'two'],
    ]);
    expect(buf.recent({ lines: 10 }).map((l) => l.text)).toEqual(['old', 'one', 'two']);
    buf.close();
  });

  it('strips escape sequences and control characters', () => {
    const buf = new SourceLogBuffer({ emit: () => undefined });
    buf.add('a', 0, 'out', '\u001b[2J\u001b]0;pwned\u0007red \u001b[31mtext\u001b[0m\r');
    expect(buf.recent({ lines: 1 })[0]!.text).toBe('red text');
    buf.close();
  });

  it('delivers a full batch at once and keeps the rings bounded', () => {
    const batches: LogLine[][] = [];
    const buf = new SourceLogBuffer({ emit: (lines) => batches.push(lines), ringSize: 5, maxBatchLines: 3, tailSize: 2 });
    for (let i = 0; i < 7; i++) buf.add('a', 0, 'err', `line ${i}`);
    expect(batches.map((b) => b.length)).toEqual([3, 3]);
    expect(buf.recent({ lines: 100 }).map((l) => l.text)).toEqual(['line 2', 'line 3', 'line 4', 'line 5', 'line 6']);
    expect(buf.stderrTail('a', 0)).toEqual(['line 5', 'line 6']);
    buf.close();
    expect(batches.map((b) => b.length)).toEqual([3, 3, 1]);
    buf.add('a', 0, 'out', 'after close');
    expect(buf.recent({ lines: 1 })[0]!.text).toBe('line 6');
  });

  it('drops the oldest lines past the character budget', () => {
    const buf = new SourceLogBuffer({ emit: () => undefined, maxRingChars: 10 });
    for (const text of ['aaaa', 'bbbb', 'cccc']) buf.add('a', 0, 'out', text);
    expect(buf.recent({ lines: 10 }).map((l) => l.text)).toEqual(['bbbb', 'cccc']);
    buf.close();
  });
});
