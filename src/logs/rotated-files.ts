// The rotated copies of one log file (docs/configuration.md#logs): `<live>.<UTC stamp>[.gz]` beside the live
// file, so their names start with the live file's name and sort oldest to newest; retention,
// gzip and removal (flush) work on that pattern only, never on another file of the directory.
import { createReadStream, createWriteStream, readdirSync, renameSync, unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';

const STAMP = /^(\d{8}-\d{6}\.\d{3})(\.gz)?$/;

/** `20261201-203933.123` (UTC), always later than `after` so names keep their order. */
export function rotationStamp(now: number, after: string | undefined): string {
  let ms = now;
  let stamp = formatStamp(ms);
  while (after !== undefined && stamp <= after) stamp = formatStamp(++ms);
  return stamp;
}

function formatStamp(ms: number): string {
  const iso = new Date(ms).toISOString(); // 2026-12-01T20:39:33.123Z
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}-${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}.${iso.slice(20, 23)}`;
}

export interface RotatedFile {
  path: string;
  stamp: string;
  gzip: boolean;
}

/** The rotated files of `live`, oldest first (one entry per stamp; a .gz wins over its source). */
export function listRotated(live: string): RotatedFile[] {
  const dir = dirname(live);
  const prefix = `${basename(live)}.`;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const byStamp = new Map<string, RotatedFile>();
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const match = STAMP.exec(name.slice(prefix.length));
    if (!match) continue;
    const file = { path: join(dir, name), stamp: match[1]!, gzip: match[2] !== undefined };
    const seen = byStamp.get(file.stamp);
    if (!seen || file.gzip) byStamp.set(file.stamp, file);
  }
  return [...byStamp.values()].sort((a, b) => (a.stamp < b.stamp ? -1 : a.stamp > b.stamp ? 1 : 0));
}

/** Delete the oldest rotated files beyond `retain`; returns the paths deleted. */
export function applyRetention(live: string, retain: number): string[] {
  const rotated = listRotated(live);
  const doomed = rotated.slice(0, Math.max(0, rotated.length - retain));
  for (const file of doomed) {
    removeQuietly(file.path);
    if (file.gzip) removeQuietly(file.path.slice(0, -'.gz'.length));
  }
  return doomed.map((f) => f.path);
}

/** Delete the rotated files of `live` up to stamp `upTo` (flush); the paths deleted. */
export function removeRotated(live: string, upTo: string): string[] {
  const doomed = listRotated(live).filter((f) => f.stamp <= upTo);
  for (const file of doomed) {
    removeQuietly(file.path);
    if (file.gzip) removeQuietly(file.path.slice(0, -'.gz'.length));
  }
  return doomed.map((f) => f.path);
}

/**
 * gzip a rotated file to `<file>.gz`: written under a hidden temporary name first (it does not
 * start with the live file's name), renamed when complete, then the plain copy is removed.
 */
export async function gzipRotated(path: string): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.gz.tmp`);
  try {
    await pipeline(createReadStream(path), createGzip(), createWriteStream(temp, { mode: 0o600 }));
    renameSync(temp, `${path}.gz`);
    removeQuietly(path);
  } catch (err) {
    removeQuietly(temp);
    // retention or a flush removed the file meanwhile: nothing left to compress
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}
