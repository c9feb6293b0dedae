// The last lines of a log file, for backfilling the log pane when attaching. Reads at most
// maxBytes from the end, so a multi-gigabyte log costs one bounded read.
import { open } from 'node:fs/promises';

export interface FileTail {
  lines: string[];
  /** Where following the file should start (just after the last newline read): nothing is read twice. */
  followFrom: number;
  mtimeMs: number;
}

/** The last maxLines whole lines of a file (a missing or unreadable file has none). */
export async function readTailLines(path: string, maxLines: number, maxBytes = 64 * 1024): Promise<FileTail> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch {
    return { lines: [], followFrom: 0, mtimeMs: 0 };
  }
  try {
    const { size, mtimeMs } = await handle.stat();
    const start = Math.max(0, size - maxBytes);
    const buffer = Buffer.alloc(size - start);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, start);
    const lines = buffer.toString('utf8', 0, bytesRead).split('\n');
    // The first piece is a partial line unless the read started at the file's beginning; the last
    // is what follows the final newline: an unfinished line, which following will complete.
    if (start > 0) lines.shift();
    lines.pop();
    const lastNewline = bytesRead > 0 ? buffer.lastIndexOf(0x0a, bytesRead - 1) : -1;
    return { lines: lines.slice(-maxLines).map(stripCr), followFrom: start + lastNewline + 1, mtimeMs };
  } finally {
    await handle.close();
  }
}

function stripCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
