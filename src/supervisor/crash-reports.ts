// Node's diagnostic reports for crashed workers (docs/supervision.md#crash-forensics-and-diagnostics): the flags that make a Node worker
// write one on an uncaught exception or a fatal error (out of memory included), and, after the
// exit, the facts read back from it for the exit record. Reports live in `<home>/reports/<app>/`
// (0700); each holds the worker's environment, so it is made 0600 and only the newest are kept.
import { chmodSync } from 'node:fs';
import { makeDirs } from '../make-dirs.js';
import { chmod, readdir, readFile, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { safeText } from '../safe-text.js';
import type { CrashError } from '../model/types.js';

/** Reports kept per app (docs/supervision.md#crash-forensics-and-diagnostics). */
export const REPORTS_KEPT = 10;
/** Stack frames kept in an exit record, and the longest message and frame kept (50 exits a slot). */
export const MAX_FRAMES = 10;
const MAX_MESSAGE = 500;
const MAX_FRAME = 300;
/** A report larger than this is not parsed (thousands of handles): the path alone is recorded. */
const MAX_REPORT_BYTES = 8 * 1024 * 1024;

/** Where the reports of one home go: one directory per app. */
export class CrashReports {
  constructor(readonly root: string) {}

  /** The app's report directory, created 0700 (before each spawn: Node will not create it). */
  dirFor(app: string): string {
    const dir = join(this.root, app);
    makeDirs(dir, 0o700);
    chmodSync(this.root, 0o700);
    chmodSync(dir, 0o700);
    return dir;
  }

  /**
   * After `pid` of `app` exited: its report (if it wrote one), made 0600 and read; older reports
   * beyond REPORTS_KEPT deleted. Never throws: a crash is recorded with or without its report.
   */
  async collect(app: string, pid: number): Promise<{ error?: CrashError; report?: string }> {
    const dir = join(this.root, app);
    let names: string[];
    try {
      names = (await readdir(dir)).filter(isReportName);
    } catch {
      return {};
    }
    // report.<date>.<time>.<pid>.<thread>.<seq>.json (Node's default name)
    const own = names.filter((name) => name.split('.')[3] === String(pid)).sort();
    const name = own[own.length - 1];
    await prune(dir, names);
    if (!name) return {};
    const path = join(dir, name);
    try {
      await chmod(path, 0o600);
      if ((await stat(path)).size > MAX_REPORT_BYTES) return { report: path };
      const error = crashErrorOf(JSON.parse(await readFile(path, 'utf8')));
      return error ? { error, report: path } : { report: path };
    } catch {
      // deleted meanwhile, or torn (the process was killed while writing it)
      return { report: path };
    }
  }
}

/** The node flags that make a worker write its report into `dir`. */
export function reportFlags(dir: string): string[] {
  return [
    '--report-uncaught-exception',
    '--report-on-fatalerror',
    `--report-directory=${dir}`,
    // the network section resolves addresses: slow, and nothing a crash needs
    '--report-exclude-network',
  ];
}

/** The exit record's `error` from a parsed report, or undefined if it has none of it. */
export function crashErrorOf(report: unknown): CrashError | undefined {
  if (!report || typeof report !== 'object') return undefined;
  const r = report as {
    header?: { event?: unknown; trigger?: unknown };
    javascriptStack?: { message?: unknown; stack?: unknown };
    javascriptHeap?: { usedMemory?: unknown; totalMemory?: unknown; memoryLimit?: unknown };
  };
  const trigger = text(r.header?.trigger, MAX_FRAME) ?? 'unknown';
  const event = text(r.header?.event, MAX_MESSAGE);
  const jsMessage = text(r.javascriptStack?.message, MAX_MESSAGE);
  // a fatal error has no JavaScript exception: Node writes "No stack." and the event says why
  const hasException = jsMessage !== undefined && jsMessage !== 'No stack.';
  const message = hasException ? jsMessage : event;
  if (message === undefined) return undefined;
  const stack = Array.isArray(r.javascriptStack?.stack) ? r.javascriptStack.stack : [];
  const frames = stack
    .map((frame) => text(frame, MAX_FRAME))
    .filter((f): f is string => f !== undefined && f !== 'Unavailable.')
    .slice(0, MAX_FRAMES);
  const heap = r.javascriptHeap;
  return {
    message,
    frames,
    trigger,
    heap: { used: bytes(heap?.usedMemory), total: bytes(heap?.totalMemory), limit: bytes(heap?.memoryLimit) },
  };
}

function isReportName(name: string): boolean {
  return name.startsWith('report.') && name.endsWith('.json');
}

/** Keep the newest REPORTS_KEPT reports of a directory (by modification time, then name). */
async function prune(dir: string, names: string[]): Promise<void> {
  if (names.length <= REPORTS_KEPT) return;
  const dated = await Promise.all(
    names.map(async (name) => ({
      name,
      mtime: await stat(join(dir, name)).then(
        (s) => s.mtimeMs,
        () => 0,
      ),
    })),
  );
  dated.sort((a, b) => b.mtime - a.mtime || (a.name < b.name ? 1 : -1));
  await Promise.all(dated.slice(REPORTS_KEPT).map(({ name }) => unlink(join(dir, name)).catch(() => {})));
}

/** One line of text from a report: untrusted (the app's own message), so sanitized and bounded. */
function text(value: unknown, max: number): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const clean = safeText(value.replace(/\r?\n/g, ' ')).trim();
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

function bytes(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null;
}
