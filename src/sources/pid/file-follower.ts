// `tail -F` for one log file (docs/cli.md#where-a-command-looks `--log`): follows appends from a given offset, starts over
// when the file is truncated, and when it is rotated (a new file at the path) finishes the old
// one and then reads the new one from its start. Polls: works on every file system, costs one
// stat per period, and reads a bounded amount per period so a flood cannot grow memory.
import { open, stat, type FileHandle } from 'node:fs/promises';
import { LineSplitter } from '../../logs/line-splitter.js';

export interface FileFollowerOptions {
  /** Byte offset to start at (the end of what was backfilled). */
  from: number;
  onLines: (lines: string[]) => void;
  /** Poll period (default 250 ms). */
  intervalMs?: number;
  /** Bytes read per poll at most (default 1 MiB); the rest waits for the next poll. */
  maxReadBytes?: number;
}

export interface FileFollower {
  stop(): Promise<void>;
}

/** Follow a file until stop(); a missing file is waited for. */
export function followFile(path: string, opts: FileFollowerOptions): FileFollower {
  const maxRead = opts.maxReadBytes ?? 1024 * 1024;
  const buffer = Buffer.alloc(Math.min(maxRead, 64 * 1024));
  let splitter = new LineSplitter();
  let handle: FileHandle | null = null;
  let ino = -1;
  let position = opts.from;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();

  /** Read what was appended since the last poll, up to maxRead bytes; returns bytes read. */
  const drain = async (h: FileHandle): Promise<number> => {
    let total = 0;
    while (total < maxRead) {
      const { bytesRead } = await h.read(buffer, 0, Math.min(buffer.length, maxRead - total), position);
      if (bytesRead === 0) break;
      position += bytesRead;
      total += bytesRead;
      const lines = splitter.push(buffer.subarray(0, bytesRead));
      if (lines.length > 0) opts.onLines(lines);
    }
    return total;
  };

  const switchTo = async (nextIno: number, from: number): Promise<void> => {
    if (handle) {
      await drain(handle).catch(() => 0);
      const rest = splitter.end();
      if (rest.length > 0) opts.onLines(rest);
      await handle.close().catch(() => undefined);
    }
    splitter = new LineSplitter();
    handle = await open(path, 'r');
    ino = nextIno;
    position = from;
  };

  const poll = async (): Promise<void> => {
    const current = await stat(path).catch(() => null);
    if (!current) return; // not there (yet, or mid-rotation): keep what is open, look again later
    // A rotated file is new: read it from its start. The first open starts at `from`, unless the
    // file shrank below it meanwhile (truncated), when its start is new too.
    if (current.ino !== ino) await switchTo(current.ino, handle || position > current.size ? 0 : position);
    else if (current.size < position) {
      // Truncated in place (copytruncate, `> file`): what was there is gone; read the new start.
      splitter = new LineSplitter();
      position = 0;
    }
    if (handle) await drain(handle);
  };

  const schedule = (): void => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = poll()
        .catch(() => undefined)
        .then(schedule);
    }, opts.intervalMs ?? 250);
  };
  running = poll()
    .catch(() => undefined)
    .then(schedule);

  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
      if (timer) clearTimeout(timer);
      await (handle as FileHandle | null)?.close().catch(() => undefined);
    },
  };
}
