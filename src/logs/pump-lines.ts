// Reads one worker pipe promptly (flowing mode) and hands whole lines on. The pipe is paused
// only while the consumer says the disk is behind, so a flood waits in the kernel pipe (and
// slows only the worker that floods), never in clmon's memory.
import type { Readable } from 'node:stream';
import { LineSplitter } from './line-splitter.js';

/** What the consumer returns: a promise to wait for before reading more, or nothing. */
export type LinesHandler = (lines: string[]) => Promise<void> | undefined;

export interface PumpStats {
  /** Times the pipe was paused for the disk. */
  pauses: number;
}

/** Pump lines from a readable until it ends, closes or fails; resolves after the last line. */
export function pumpLines(readable: Readable, maxLineBytes: number, handle: LinesHandler, stats?: PumpStats): Promise<void> {
  return new Promise<void>((resolve) => {
    if (readable.readableEnded || readable.destroyed) return resolve();
    const splitter = new LineSplitter(maxLineBytes);
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      readable.off('data', onData);
      const rest = splitter.end();
      if (rest.length > 0) void handle(rest);
      resolve();
    };
    const onData = (chunk: Buffer | string): void => {
      const lines = splitter.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
      if (lines.length === 0) return;
      const wait = handle(lines);
      if (!wait) return;
      readable.pause();
      if (stats) stats.pauses++;
      void wait.then(() => {
        if (!done) readable.resume();
      });
    };
    readable.on('data', onData);
    readable.once('end', finish);
    readable.once('close', finish);
    // Kept for the stream's life: a late 'error' with no listener would crash the supervisor.
    readable.on('error', finish);
  });
}
