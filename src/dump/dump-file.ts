// `<home>/dump.json` (docs/cli.md#save---force--resurrect---update-env): the daemon's apps as started, for `resurrect` after a reboot.
// Written atomically (temp file, fsync, rename, fsync of the directory; mode 0600, it holds the
// apps' environments), so a crash or a full disk mid-write never leaves an empty or torn dump.
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { messageOf, RuntimeError, UserError } from '../errors.js';
import type { AppSpec } from '../model/types.js';
import { checkDumpedApp } from './dump-schema.js';

/** The format this clmon writes; a dump with a higher number was written by a newer clmon. */
export const DUMP_FORMAT = 1;

export interface DumpFile {
  format: number;
  savedAt: string;
  apps: AppSpec[];
}

export function dumpPath(home: string): string {
  return join(home, 'dump.json');
}

/** Write the dump atomically; a failure leaves the previous dump as it was. */
export function writeDump(path: string, apps: AppSpec[]): void {
  const body: DumpFile = { format: DUMP_FORMAT, savedAt: new Date().toISOString(), apps };
  const text = `${JSON.stringify(body, null, 2)}\n`;
  const temp = `${path}.${process.pid}.tmp`;
  try {
    const fd = openSync(temp, 'w', 0o600);
    try {
      writeAll(fd, Buffer.from(text));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
    syncDir(dirname(path));
  } catch (err) {
    try {
      unlinkSync(temp);
    } catch {
      // never created
    }
    throw new RuntimeError(`cannot write ${path} (${messageOf(err)}); the previous dump, if any, is unchanged`);
  }
}

/** The apps of a dump; a missing, truncated, corrupt or too-new dump is a UserError naming it. */
export function readDump(path: string): AppSpec[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UserError(`no dump at ${path}; save the running apps with \`clmon save\` first`, { code: 'no-dump' });
    throw new UserError(`cannot read the dump ${path} (${messageOf(err)})`);
  }
  return parseDump(text, path);
}

/** Only the number of apps of a dump, or 0 when it is missing or unreadable (for `save`'s guard). */
export function dumpedAppCount(path: string): number {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as { apps?: unknown };
    return Array.isArray(parsed.apps) ? parsed.apps.length : 0;
  } catch {
    return 0;
  }
}

export function parseDump(text: string, path: string): AppSpec[] {
  if (text.trim() === '')
    throw new UserError(`the dump ${path} is empty (truncated?); nothing was started. Run \`clmon save\` again, or start the apps by hand`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new UserError(`the dump ${path} is not valid JSON (truncated or corrupt: ${messageOf(err)}); nothing was started`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new UserError(`the dump ${path} is not a clmon dump (expected an object with "format" and "apps"); nothing was started`);
  }
  const { format, apps } = parsed as { format?: unknown; apps?: unknown };
  if (typeof format !== 'number' || !Number.isInteger(format) || format < 1) {
    throw new UserError(`the dump ${path} has no valid "format" (got ${JSON.stringify(format) ?? 'nothing'}); it is not a clmon dump; nothing was started`);
  }
  if (format > DUMP_FORMAT) {
    throw new UserError(
      `the dump ${path} was written by a newer clmon (dump format ${format}; this clmon reads format ${DUMP_FORMAT}); upgrade clmon, or start the apps by hand`,
    );
  }
  if (!Array.isArray(apps)) throw new UserError(`the dump ${path}: "apps" must be an array; nothing was started`);
  const names = new Set<string>();
  return apps.map((app, i) => {
    const spec = checkDumpedApp(app, `the dump ${path}: apps[${i}]`);
    if (names.has(spec.name)) throw new UserError(`the dump ${path}: app name "${spec.name}" appears twice; nothing was started`);
    names.add(spec.name);
    return spec;
  });
}

function writeAll(fd: number, buffer: Buffer): void {
  let offset = 0;
  while (offset < buffer.length) offset += writeSync(fd, buffer, offset, buffer.length - offset);
}

/** The rename is durable only once the directory entry is on disk too. */
function syncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // some file systems cannot fsync a directory; the rename is still atomic
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
