// `--log` following on real files: appends from the given offset, a line completed across
// writes, truncation in place, and rotation (rename, new file at the path).
import { appendFileSync, renameSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { followFile, type FileFollower } from '../../../src/sources/pid/file-follower.js';
import { readTailLines } from '../../../src/sources/common/read-tail-lines.js';
import { tmpHome } from '../../helpers/tmp-home.js';
import { waitFor } from '../../helpers/wait-for.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0)) await fn();
});

function setup(initial: string): { path: string; lines: string[]; follow: (from: number) => FileFollower } {
  const dir = tmpHome('clmon-follow-');
  cleanups.push(dir.remove);
  const path = join(dir.dir, 'app.log');
  writeFileSync(path, initial);
  const lines: string[] = [];
  return {
    path,
    lines,
    follow: (from) => {
      const follower = followFile(path, { from, intervalMs: 20, onLines: (l) => lines.push(...l) });
      cleanups.unshift(() => follower.stop());
      return follower;
    },
  };
}

describe('readTailLines', () => {
  it('returns the last whole lines and where to follow from', async () => {
    const { path } = setup('one\ntwo\r\nthree\nunfinished');
    const tail = await readTailLines(path, 2);
    expect(tail.lines).toEqual(['two', 'three']);
    expect(tail.followFrom).toBe('one\ntwo\r\nthree\n'.length);
  });

  it('reads at most maxBytes and drops the partial first line', async () => {
    const { path } = setup(`${'x'.repeat(100)}\nlast\n`);
    expect((await readTailLines(path, 10, 20)).lines).toEqual(['last']);
    expect((await readTailLines(join(path, 'missing'), 10)).lines).toEqual([]);
  });
});

describe('followFile', () => {
  it('follows appends from the offset, joining a line written in two parts', async () => {
    const { path, lines, follow } = setup('old\n');
    follow(4);
    appendFileSync(path, 'new one\nhalf');
    await waitFor(() => lines.length === 1);
    appendFileSync(path, ' and half\n');
    await waitFor(() => lines.length === 2);
    expect(lines).toEqual(['new one', 'half and half']);
  });

  it('starts over when the file is truncated in place', async () => {
    const { path, lines, follow } = setup('');
    follow(0);
    appendFileSync(path, 'before truncation, a long line\n');
    await waitFor(() => lines.length === 1);
    truncateSync(path, 0);
    appendFileSync(path, 'after\n');
    await waitFor(() => lines.length === 2);
    expect(lines).toEqual(['before truncation, a long line', 'after']);
  });

  it('finishes the rotated file, then reads the new one from its start', async () => {
    const { path, lines, follow } = setup('');
    follow(0);
    appendFileSync(path, 'first\n');
    await waitFor(() => lines.length === 1);
    appendFileSync(path, 'last of old\n');
    renameSync(path, `${path}.1`);
    writeFileSync(path, 'first of new\n');
    await waitFor(() => lines.length === 3);
    expect(lines).toEqual(['first', 'last of old', 'first of new']);
  });

  it('waits for a file that does not exist yet', async () => {
    const { path, lines } = setup('');
    const later = `${path}.later`;
    const follower = followFile(later, { from: 0, intervalMs: 20, onLines: (l) => lines.push(...l) });
    cleanups.unshift(() => follower.stop());
    writeFileSync(later, 'hello\n');
    await waitFor(() => lines.length === 1);
    expect(lines).toEqual(['hello']);
  });
});
