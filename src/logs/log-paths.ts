// Where an app's lines go on disk (docs/supervision.md#logs, PM2's out_file/error_file/log_file/merge_logs).
// Pure: the hub opens what these rules name.
import { basename, dirname, extname, join } from 'node:path';
import type { AppSpec, LogStream } from '../model/types.js';

export type LogFileSpec = Pick<AppSpec, 'name' | 'outFile' | 'errorFile' | 'logFile' | 'mergeLogs'>;

export interface LogFileRule {
  path: string;
  /** The ecosystem field that configured it; null for a default file. */
  field: 'out_file' | 'error_file' | 'log_file' | null;
  /** One file per slot (`name-<id>.ext`): a configured file without merge_logs. */
  perInstance: boolean;
}

export type LogFileRules = Record<LogStream, LogFileRule[]>;

export const NULL_DEVICE = '/dev/null';

/** `<logsDir>/<app>-out.log` / `-err.log`; characters unsafe in a file name become `-`, as in PM2. */
export function defaultLogPath(logsDir: string, app: string, stream: LogStream): string {
  return join(logsDir, `${app.replace(/[^a-zA-Z0-9._-]/g, '-')}-${stream}.log`);
}

/**
 * The files each stream of an app is written to. The default files always hold every slot
 * (merged); a configured file is split per slot when merge_logs is false, as PM2 does.
 * /dev/null is dropped here so that nothing is written for it at all.
 */
export function logFileRules(spec: LogFileSpec, logsDir: string): LogFileRules {
  const rule = (path: string, field: LogFileRule['field']): LogFileRule => ({
    path,
    field,
    perInstance: field !== null && !spec.mergeLogs && !path.startsWith('/dev/'),
  });
  const out = [spec.outFile ? rule(spec.outFile, 'out_file') : rule(defaultLogPath(logsDir, spec.name, 'out'), null)];
  const err = [spec.errorFile ? rule(spec.errorFile, 'error_file') : rule(defaultLogPath(logsDir, spec.name, 'err'), null)];
  if (spec.logFile) {
    out.push(rule(spec.logFile, 'log_file'));
    err.push(rule(spec.logFile, 'log_file'));
  }
  const real = (r: LogFileRule): boolean => r.path !== NULL_DEVICE;
  return { out: out.filter(real), err: err.filter(real) };
}

/** The file of one slot under a rule: `web.log` → `web-3.log` when per instance. */
export function rulePath(rule: LogFileRule, id: number): string {
  if (!rule.perInstance) return rule.path;
  const ext = extname(rule.path);
  const stem = basename(rule.path, ext);
  return join(dirname(rule.path), `${stem}-${id}${ext}`);
}
