// One open log file. Writes are buffered by an fs.WriteStream; when more than highWaterMark
// bytes wait for the disk, `needsDrain` tells the reader of the worker's pipe to pause, so the
// backlog stays in the kernel pipe (SPEC §4.6: memory bounded, no line dropped).
import { createWriteStream, openSync, type WriteStream } from 'node:fs';

export const DEFAULT_FILE_HIGH_WATER_MARK = 4 * 1024 * 1024;

export class LogWriter {
  private failed = false;
  private closing: Promise<void> | null = null;
  private drainWait: Promise<void> | null = null;

  private constructor(
    readonly path: string,
    private readonly stream: WriteStream,
    private readonly onError: (message: string) => void,
  ) {
    // An ENOSPC or EIO must not take the supervisor down: report once, then stop writing here.
    stream.on('error', (err) => {
      if (this.failed) return;
      this.failed = true;
      this.onError(`log file "${path}": ${err.message}; lines for it are no longer written`);
    });
  }

  /** Open (create, append) a log file synchronously, so that a bad path throws here. */
  static open(path: string, highWaterMark: number, onError: (message: string) => void): LogWriter {
    const fd = openSync(path, 'a');
    return new LogWriter(path, createWriteStream(path, { fd, highWaterMark }), onError);
  }

  /** Buffered bytes not yet on disk. */
  get bufferedBytes(): number {
    return this.stream.writableLength;
  }

  /** More than highWaterMark bytes wait for the disk: the pipes feeding this file should pause. */
  get needsDrain(): boolean {
    return !this.failed && this.closing === null && this.stream.writableNeedDrain;
  }

  /** Queue text; after a failure or close it is discarded (the error was reported). */
  write(text: string): void {
    if (this.failed || this.closing) return;
    this.stream.write(text);
  }

  /** Resolves once the backlog is under highWaterMark again (or the file failed or closed). */
  drained(): Promise<void> {
    if (!this.needsDrain) return Promise.resolve();
    // One shared wait per file: many pipes may block on the same merged file.
    this.drainWait ??= new Promise<void>((resolve) => {
      const done = (): void => {
        this.stream.off('drain', done);
        this.stream.off('close', done);
        this.drainWait = null;
        resolve();
      };
      this.stream.on('drain', done);
      this.stream.on('close', done);
    });
    return this.drainWait;
  }

  /** Flush what is buffered and close the file. */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      if (this.stream.closed) return resolve();
      this.stream.once('close', () => resolve());
      this.stream.end();
    });
    return this.closing;
  }
}
