// One open log file, written by the supervisor alone (docs/supervision.md#logs, docs/configuration.md#logs). Text is queued and
// written in order with writev, one write at a time. Between two writes the file may be rotated
// (rename, then reopen: never copy and truncate, so no line is lost, cut or written twice) or
// emptied (flush, on the same descriptor: logging goes on). When more than highWaterMark bytes
// wait for the disk, `needsDrain` tells the pipe readers to pause, so a flood waits in the kernel
// pipe. A write that fails (disk full, EIO) is reported, and retried every second on a reopened
// file until it works; meanwhile at most highWaterMark bytes are kept and newer lines are counted
// as dropped, so the workers never block on a broken disk.
import { closeSync, fstatSync, ftruncateSync, openSync, readFileSync, readSync, renameSync, truncateSync, writev } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { LogFileProblem } from '../model/types.js';
import { applyRetention, gzipRotated, listRotated, removeRotated, rotationStamp } from './rotated-files.js';
import { messageOf } from '../errors.js';

export const DEFAULT_FILE_HIGH_WATER_MARK = 4 * 1024 * 1024;
/** How often a failed file is tried again. */
export const RETRY_MS = 1000;
/** At most this many buffers per writev (IOV_MAX is 1024 on Linux). */
const MAX_IOV = 1024;

export interface Rotation {
  /** bytes; 0 = never rotate */
  maxSize: number;
  retain: number;
  compress: boolean;
}

export const NO_ROTATION: Rotation = { maxSize: 0, retain: 10, compress: false };

export interface WriterEvents {
  /** A failure (first of an episode) or a rotation problem. */
  onError(message: string): void;
  /** The file works again after a failure. */
  onRecovered?(message: string): void;
}

export type { LogFileProblem };

export class LogWriter {
  private fd: number | null;
  private size: number;
  private queue: Buffer[] = [];
  private queuedBytes = 0;
  private writing = false;
  private problem: LogFileProblem | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private closing: Promise<void> | null = null;
  private closed = false;
  private drainWaiters: (() => void)[] = [];
  private idleWaiters: (() => void)[] = [];
  private truncateWaiters: ((lastStamp: string | undefined) => void)[] = [];
  private lastStamp: string | undefined;
  private compressing: Promise<void> = Promise.resolve();
  /** `size` at which the next rotation is due (raised after a failed rename). */
  private rotateAt: number;
  /** Bytes the file held when this writer opened it: written by an earlier run. */
  private readonly startSize: number;
  /** The stamp of this writer's first rotation: that rotated file begins with the earlier run's bytes. */
  private firstRotation: string | undefined;
  /** A flush removed what earlier runs wrote. */
  private previousGone = false;

  private constructor(
    readonly path: string,
    fd: number,
    private readonly highWaterMark: number,
    private readonly rotation: Rotation,
    private readonly events: WriterEvents,
  ) {
    this.fd = fd;
    this.size = fstatSync(fd).size;
    this.startSize = this.size;
    this.rotateAt = rotation.maxSize;
  }

  /** Open (create, append) a log file synchronously, so that a bad path throws here. */
  static open(path: string, highWaterMark: number, events: WriterEvents, rotation: Rotation = NO_ROTATION): LogWriter {
    return new LogWriter(path, openSync(path, 'a'), highWaterMark, rotation, events);
  }

  /** Buffered bytes not yet on disk. */
  get bufferedBytes(): number {
    return this.queuedBytes;
  }

  /** More than highWaterMark bytes wait for a working disk: the pipes feeding this file should pause. */
  get needsDrain(): boolean {
    return this.problem === null && !this.closed && this.queuedBytes > this.highWaterMark;
  }

  /** The current failure, if the file does not accept writes now. */
  failure(): LogFileProblem | null {
    return this.problem && { ...this.problem };
  }

  /** Queue whole lines (text, or its UTF-8 bytes, never changed afterwards); after close it is discarded. */
  write(data: string | Buffer): void {
    if (this.closed) return;
    if (this.problem && this.queuedBytes >= this.highWaterMark) {
      this.problem.droppedLines += countLines(data);
      return;
    }
    const buffer = typeof data === 'string' ? Buffer.from(data) : data;
    this.queue.push(buffer);
    this.queuedBytes += buffer.length;
    if (!this.writing && !this.problem) this.pump();
  }

  /** Resolves once the backlog is under highWaterMark again (or the file failed or closed). */
  drained(): Promise<void> {
    if (!this.needsDrain) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  /**
   * `clmon flush`: empty the live file at the next boundary between two writes (on the same
   * descriptor, so logging goes on; lines still queued land after it), then every rotated file
   * that existed at that moment.
   */
  async flush(): Promise<void> {
    const cutoff = await new Promise<string | undefined>((resolve) => {
      this.truncateWaiters.push(resolve);
      if (!this.writing) this.truncateNow();
    });
    await this.compressing;
    if (cutoff !== undefined) removeRotated(this.path, cutoff);
  }

  /**
   * What earlier runs wrote to this file (before this writer opened it), across its rotated
   * files, oldest first: at most about `maxBytes` from the end, cut at a line start.
   */
  previousText(maxBytes: number): string {
    if (this.previousGone) return '';
    const rotated = listRotated(this.path);
    const boundary = this.firstRotation ? rotated.find((f) => f.stamp === this.firstRotation) : undefined;
    const parts: Buffer[] = [];
    let total = 0;
    if (this.startSize > 0 && (boundary || !this.firstRotation)) {
      const head = readHead(boundary?.path ?? this.path, boundary?.gzip ?? false, this.startSize);
      parts.unshift(head);
      total += head.length;
    }
    const older = rotated.filter((f) => !this.firstRotation || f.stamp < this.firstRotation).reverse();
    for (const file of older) {
      if (total >= maxBytes) break;
      const data = readWhole(file.path, file.gzip);
      parts.unshift(data);
      total += data.length;
    }
    let text = Buffer.concat(parts).toString('utf8');
    if (text.length > maxBytes) text = text.slice(text.indexOf('\n', text.length - maxBytes) + 1);
    return text;
  }

  /** Write what is queued (unless the file is failing), then close. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      if (!this.problem) await this.idle();
      this.closed = true;
      if (this.retryTimer) clearTimeout(this.retryTimer);
      this.closeFd();
      this.queue = [];
      this.queuedBytes = 0;
      this.wake();
      await this.compressing;
    })();
    return this.closing;
  }

  /** Resolves when nothing is queued or being written (or the file is failing). */
  private idle(): Promise<void> {
    if (!this.writing && (this.queue.length === 0 || this.problem)) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Write the queue in order, one writev at a time, rotating between writes when due. */
  private pump(): void {
    if (this.truncateWaiters.length > 0) this.truncateNow();
    if (this.queue.length === 0 || this.fd === null) {
      this.writing = false;
      this.wake();
      return;
    }
    this.writing = true;
    const batch = this.takeBatch();
    const fd = this.fd;
    writev(fd, batch, (err, written) => {
      if (err) return this.fail(batch, err);
      this.size += written;
      const total = batch.reduce((n, b) => n + b.length, 0);
      if (written < total) this.queue.unshift(...remainder(batch, written));
      this.queuedBytes -= written;
      if (this.problem) this.recovered();
      this.wake();
      this.pump();
    });
  }

  /** Buffers for one write: up to the rotation limit (at least one), at most MAX_IOV. */
  private takeBatch(): Buffer[] {
    const max = this.rotation.maxSize;
    if (max > 0 && this.size > 0 && this.size + this.queue[0]!.length > this.rotateAt) this.rotate();
    const batch: Buffer[] = [];
    let bytes = this.size;
    while (this.queue.length > 0 && batch.length < MAX_IOV) {
      const next = this.queue[0]!;
      if (max > 0 && batch.length > 0 && bytes + next.length > this.rotateAt) break;
      batch.push(this.queue.shift()!);
      bytes += next.length;
    }
    return batch;
  }

  /** Rename the live file and open a new one at its path; nothing is in flight at this point. */
  private rotate(): void {
    this.lastStamp ??= listRotated(this.path).at(-1)?.stamp;
    const stamp = rotationStamp(Date.now(), this.lastStamp);
    const rotated = `${this.path}.${stamp}`;
    try {
      renameSync(this.path, rotated);
    } catch (err) {
      // keep writing the live file; try again once it has grown by another log_max_size
      this.rotateAt = this.size + this.rotation.maxSize;
      this.events.onError(`log file "${this.path}": cannot rotate (${messageOf(err)}); it keeps growing`);
      return;
    }
    this.lastStamp = stamp;
    this.firstRotation ??= stamp;
    this.closeFd();
    try {
      this.fd = openSync(this.path, 'a');
      this.size = fstatSync(this.fd).size;
    } catch (err) {
      this.fd = null;
      this.size = 0;
      this.setProblem(err as Error);
    }
    this.rotateAt = this.rotation.maxSize;
    const { retain, compress } = this.rotation;
    this.compressing = this.compressing
      .then(() => (compress ? gzipRotated(rotated) : undefined))
      .catch((err: Error) => this.events.onError(`log file "${rotated}": cannot compress it (${err.message})`))
      .then(() => void applyRetention(this.path, retain));
  }

  /** Empty the live file now (nothing is in flight); rotated files up to now go next. */
  private truncateNow(): void {
    if (this.fd !== null) {
      try {
        ftruncateSync(this.fd, 0);
      } catch (err) {
        this.events.onError(`log file "${this.path}": cannot empty it (${messageOf(err)})`);
      }
    } else {
      truncateQuietly(this.path);
    }
    this.size = 0;
    this.rotateAt = this.rotation.maxSize;
    this.previousGone = true;
    this.lastStamp ??= listRotated(this.path).at(-1)?.stamp;
    for (const resolve of this.truncateWaiters.splice(0)) resolve(this.lastStamp);
  }

  /** A failed write: keep its bytes in front, report once, retry on a reopened file. */
  private fail(batch: Buffer[], err: Error): void {
    this.queue.unshift(...batch);
    this.writing = false;
    this.closeFd();
    this.setProblem(err);
    this.wake();
  }

  private setProblem(err: Error): void {
    if (!this.problem) {
      this.problem = { path: this.path, error: err.message, since: new Date().toISOString(), droppedLines: 0 };
      this.events.onError(`log file "${this.path}": ${err.message}; clmon keeps the newest lines in memory and retries every ${RETRY_MS / 1000} s`);
    }
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    if (this.closed || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.closed) return;
      try {
        this.fd ??= openSync(this.path, 'a');
        this.size = fstatSync(this.fd).size;
      } catch {
        this.fd = null;
        return this.scheduleRetry();
      }
      if (this.queue.length === 0) return this.recovered();
      this.pump();
    }, RETRY_MS);
    this.retryTimer.unref();
  }

  private recovered(): void {
    const was = this.problem;
    if (!was) return;
    this.problem = null;
    const dropped = was.droppedLines > 0 ? `; ${was.droppedLines} line(s) could not be kept meanwhile` : '';
    this.events.onRecovered?.(`log file "${this.path}": writing again (it failed with "${was.error}" since ${was.since}${dropped})`);
  }

  private closeFd(): void {
    if (this.fd === null) return;
    try {
      closeSync(this.fd);
    } catch {
      // closing a descriptor that failed: nothing more to do
    }
    this.fd = null;
  }

  /** Tell pipe readers and flush/close waiters what changed. */
  private wake(): void {
    if (!this.needsDrain && this.drainWaiters.length > 0) for (const resolve of this.drainWaiters.splice(0)) resolve();
    if ((!this.writing && (this.queue.length === 0 || this.problem)) || this.closed) {
      for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
  }
}

/** The unwritten part of a batch after a short write. */
function remainder(batch: Buffer[], written: number): Buffer[] {
  const rest: Buffer[] = [];
  let skip = written;
  for (const buffer of batch) {
    if (skip >= buffer.length) {
      skip -= buffer.length;
      continue;
    }
    rest.push(skip > 0 ? buffer.subarray(skip) : buffer);
    skip = 0;
  }
  return rest;
}

function countLines(data: string | Buffer): number {
  let n = 0;
  if (typeof data === 'string') for (let i = data.indexOf('\n'); i >= 0; i = data.indexOf('\n', i + 1)) n++;
  else for (let i = data.indexOf(0x0a); i >= 0; i = data.indexOf(0x0a, i + 1)) n++;
  return n;
}

function readWhole(path: string, gzip: boolean): Buffer {
  try {
    const data = readFileSync(path);
    return gzip ? gunzipSync(data) : data;
  } catch {
    return Buffer.alloc(0); // deleted by retention meanwhile
  }
}

/** The first `bytes` of a file (of its content, for a gzipped one). */
function readHead(path: string, gzip: boolean, bytes: number): Buffer {
  if (gzip) return readWhole(path, true).subarray(0, bytes);
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const buffer = Buffer.alloc(bytes);
    const read = readSync(fd, buffer, 0, bytes, 0);
    return buffer.subarray(0, read);
  } catch {
    return Buffer.alloc(0);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function truncateQuietly(path: string): void {
  try {
    truncateSync(path, 0);
  } catch {
    // a failing file: the retry reopens whatever is there
  }
}
