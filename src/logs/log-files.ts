// The on-disk logs of one app (docs/supervision.md#logs): opens the files its spec names, writes each slot's
// lines raw (as the worker wrote them) with the optional time prefix, and tells the caller
// when the disk is behind so it can stop reading the pipe.
import { makeDirs } from '../make-dirs.js';
import { dirname } from 'node:path';
import { ClmonError, messageOf, UserError } from '../errors.js';
import type { LogStream } from '../model/types.js';
import { linePrefixer, type TimePrefixOptions } from './date-format.js';
import { logFileRules, rulePath, type LogFileRule, type LogFileRules, type LogFileSpec } from './log-paths.js';
import { LogWriter, type LogFileProblem, type Rotation } from './log-writer.js';

export interface AppLogFilesOptions {
  highWaterMark: number;
  /** A file that failed after it was opened (disk full, a slot's file that cannot be created). */
  onError: (message: string) => void;
  /** A failed file works again. */
  onRecovered?: (message: string) => void;
}

/** The rotation settings of an app's files (docs/configuration.md#logs). */
export type RotationSpec = { logMaxSize?: number; logRetain?: number; logCompress?: boolean };

export class AppLogFiles {
  private readonly rules: LogFileRules;
  private readonly prefix: ((at: number) => string) | null;
  /** By path, so that a file named twice (logFile = outFile) is opened and written once. */
  private readonly writers = new Map<string, LogWriter | null>();
  /** Resolved writers of each `<id>:<stream>`. */
  private readonly bySlot = new Map<string, LogWriter[]>();

  /** Opens every file shared by all slots now, so a bad path is a UserError at configure time. */
  constructor(
    private readonly spec: LogFileSpec & TimePrefixOptions & RotationSpec,
    logsDir: string,
    private readonly opts: AppLogFilesOptions,
  ) {
    this.rules = logFileRules(spec, logsDir);
    this.prefix = linePrefixer(spec);
    try {
      for (const rule of [...this.rules.out, ...this.rules.err]) {
        if (rule.perInstance) makeDir(spec.name, rule, rule.path);
        else this.open(rule, rule.path, true);
      }
    } catch (err) {
      void this.close();
      throw err;
    }
  }

  /** Write lines of one slot's stream; returns the writers that are behind (empty if none). */
  write(id: number, stream: LogStream, lines: string[], at: number): LogWriter[] {
    const writers = this.writersFor(id, stream);
    if (writers.length === 0) return writers;
    const prefix = this.prefix ? this.prefix(at) : '';
    const bytes = linesBytes(prefix ? prefix + lines.join(`\n${prefix}`) : lines.join('\n'));
    let behind: LogWriter[] | null = null;
    for (const writer of writers) {
      writer.write(bytes);
      if (writer.needsDrain) (behind ??= []).push(writer);
    }
    return behind ?? [];
  }

  /** Empty every file of the app, live and rotated; resolves to the live paths. */
  async flush(): Promise<string[]> {
    const open = [...this.writers.values()].filter((w): w is LogWriter => w !== null);
    await Promise.all(open.map((w) => w.flush()));
    return open.map((w) => w.path);
  }

  /** Lines earlier runs wrote to the stream's first shared file (live and rotated), oldest first. */
  previousLines(stream: LogStream, maxBytes: number): string[] {
    const rule = this.rules[stream][0];
    const writer = rule && !rule.perInstance ? this.writers.get(rule.path) : undefined;
    const text = writer?.previousText(maxBytes) ?? '';
    return text === '' ? [] : text.replace(/\n$/, '').split('\n');
  }

  /** The files that do not accept writes now. */
  problems(): LogFileProblem[] {
    return [...this.writers.values()].map((w) => w?.failure()).filter((p): p is LogFileProblem => !!p);
  }

  /** The paths written for one slot's stream (for `describe` and tests). */
  paths(id: number, stream: LogStream): string[] {
    return this.writersFor(id, stream).map((w) => w.path);
  }

  /** Bytes waiting for the disk across this app's files. */
  get bufferedBytes(): number {
    let total = 0;
    for (const writer of this.writers.values()) total += writer?.bufferedBytes ?? 0;
    return total;
  }

  /** Flush and close every file of the app. */
  async close(): Promise<void> {
    await Promise.all([...this.writers.values()].map((w) => w?.close()));
  }

  private rotation(): Rotation {
    return { maxSize: this.spec.logMaxSize ?? 0, retain: this.spec.logRetain ?? 10, compress: this.spec.logCompress ?? false };
  }

  private writersFor(id: number, stream: LogStream): LogWriter[] {
    const key = `${id}:${stream}`;
    let writers = this.bySlot.get(key);
    if (!writers) {
      const unique = new Set<LogWriter>();
      for (const rule of this.rules[stream]) {
        const writer = this.open(rule, rulePath(rule, id), false);
        if (writer) unique.add(writer);
      }
      writers = [...unique];
      this.bySlot.set(key, writers);
    }
    return writers;
  }

  /** Get or open the writer of a path; a failure throws (configure) or is reported (a slot). */
  private open(rule: LogFileRule, path: string, strict: boolean): LogWriter | null {
    if (this.writers.has(path)) return this.writers.get(path)!;
    let writer: LogWriter | null = null;
    try {
      makeDir(this.spec.name, rule, path);
      writer = LogWriter.open(path, this.opts.highWaterMark, this.opts, this.rotation());
    } catch (err) {
      const message = openError(this.spec.name, rule, path, err);
      if (strict) throw new UserError(message);
      this.opts.onError(`${message}; lines for it are not written`);
    }
    this.writers.set(path, writer);
    return writer;
  }
}

/**
 * The bytes of joined lines plus the last line end, encoded once for every file of the slot
 * (`text + '\n'` would make V8 copy a flood's 64 KiB chunk once more to flatten it).
 */
function linesBytes(text: string): Buffer {
  const length = Buffer.byteLength(text);
  const bytes = Buffer.allocUnsafe(length + 1);
  bytes.write(text, 0, length);
  bytes[length] = 0x0a;
  return bytes;
}

function makeDir(app: string, rule: LogFileRule, path: string): void {
  try {
    makeDirs(dirname(path));
  } catch (err) {
    throw new UserError(openError(app, rule, path, err));
  }
}

/** `app "web": cannot open out_file "/x/web.log" (EACCES: permission denied); ...` */
function openError(app: string, rule: LogFileRule, path: string, err: unknown): string {
  if (err instanceof ClmonError) return err.message;
  const what = rule.field ? `${rule.field} "${path}"` : `log file "${path}"`;
  return `app "${app}": cannot open ${what} (${messageOf(err)}); give a writable file path, or /dev/null to discard`;
}
