// PM2's log output for clmon: pub.sock delivers log:out / log:err as chunks (a pipe read in fork
// mode, a write() in cluster mode) that can end mid-line; they are joined back into whole lines per
// process here. Attaching backfills the pane from the tails of PM2's own log files.
import { LineSplitter } from '../../logs/line-splitter.js';
import type { LogStream } from '../../model/types.js';
import { readTailLines } from '../common/read-tail-lines.js';
import type { LogStore, RawLine } from '../../logs/log-store.js';
import type { Pm2Worker } from './pm2-types.js';

export interface Pm2LogPacket {
  process?: { pm_id?: number | string; name?: string };
  at?: number;
  data?: unknown;
}

/** Where a pm_id's lines go: its app and slot. */
export type SlotResolver = (pmId: number, name: string) => { app: string; id: number };

export class Pm2LogLines {
  private readonly splitters = new Map<string, LineSplitter>();

  constructor(
    private readonly store: LogStore,
    private readonly resolve: SlotResolver,
  ) {}

  /** One log:out or log:err packet. */
  onChunk(stream: LogStream, packet: Pm2LogPacket): void {
    const raw = packet.process?.pm_id;
    // During a reload PM2 renames the process being replaced to `_old_<pm_id>` while it shuts
    // down: its last lines ("shutting down…") belong to the same slot, so they are kept.
    const pmId = typeof raw === 'string' ? Number(raw.replace(/^_old_/, '')) : raw;
    if (raw === '' || typeof pmId !== 'number' || !Number.isInteger(pmId) || typeof packet.data !== 'string') return;
    // the old and the new process each have their partial line
    const key = `${String(raw)}:${stream}`;
    let splitter = this.splitters.get(key);
    if (!splitter) {
      splitter = new LineSplitter();
      this.splitters.set(key, splitter);
    }
    const lines = splitter.push(Buffer.from(packet.data));
    if (lines.length === 0) return;
    const { app, id } = this.resolve(pmId, packet.process?.name ?? String(pmId));
    const at = typeof packet.at === 'number' ? packet.at : Date.now();
    for (const line of lines) this.store.add(app, id, stream, line, at);
  }

  /** Drop the partial lines of processes that no longer exist (deleted, scaled down, replaced). */
  retain(pmIds: ReadonlySet<number>): void {
    for (const key of this.splitters.keys()) {
      if (!pmIds.has(Number(key.split(':')[0]))) this.splitters.delete(key);
    }
  }
}

/** Budget for reading log file tails when attaching, shared by all files. */
const BACKFILL_BYTES = 2 * 1024 * 1024;

/** The last lines of each process's out and err files, oldest file first (PM2 files carry no
 * per-line time unless log_date_format is set, so a file's lines get its modification time). */
export async function readPm2LogTails(workers: readonly Pm2Worker[], maxLines: number): Promise<RawLine[]> {
  const files: { path: string; app: string; id: number; stream: LogStream }[] = [];
  const seen = new Set<string>();
  for (const worker of workers) {
    for (const [stream, path] of [
      ['out', worker.proc.pm2_env.pm_out_log_path],
      ['err', worker.proc.pm2_env.pm_err_log_path],
    ] as const) {
      // A merged file (merge_logs) is shared: read it once, for its lowest slot.
      if (typeof path !== 'string' || path === '/dev/null' || seen.has(path)) continue;
      seen.add(path);
      files.push({ path, app: worker.app, id: worker.id, stream });
    }
  }
  const perFile = Math.max(4096, Math.min(64 * 1024, Math.floor(BACKFILL_BYTES / Math.max(1, files.length))));
  const tails = await Promise.all(files.map(async (file) => ({ file, tail: await readTailLines(file.path, maxLines, perFile) })));
  const lines: RawLine[] = [];
  for (const { file, tail } of tails.sort((a, b) => a.tail.mtimeMs - b.tail.mtimeMs)) {
    for (const raw of tail.lines) lines.push({ at: tail.mtimeMs, app: file.app, id: file.id, stream: file.stream, raw });
  }
  return lines.slice(-maxLines);
}
