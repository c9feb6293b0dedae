// The shape check of one dumped app: a dump edited by hand or torn by a bad disk must be refused
// with the field that is wrong, never half-started. Fields this table does not know (added by a
// later version of the same format) pass through untouched.
import { UserError } from '../errors.js';
import type { AppSpec } from '../model/types.js';

type Kind = 'string' | 'int' | 'bool' | 'strings' | 'ints' | 'env' | 'watch' | 'mode';

/** Required fields, then optional ones (checked only when present). */
const REQUIRED: Record<string, Kind> = {
  name: 'string',
  script: 'string',
  args: 'strings',
  cwd: 'string',
  instances: 'int',
  execMode: 'mode',
  env: 'env',
};
const OPTIONAL: Record<string, Kind> = {
  interpreter: 'string',
  nodeArgs: 'strings',
  autorestart: 'bool',
  maxRestarts: 'int',
  minUptime: 'int',
  restartDelay: 'int',
  expBackoffRestartDelay: 'int',
  stopExitCodes: 'ints',
  maxMemoryRestart: 'int',
  killTimeout: 'int',
  waitReady: 'bool',
  listenTimeout: 'int',
  shutdownWithMessage: 'bool',
  cronRestart: 'string',
  watch: 'watch',
  ignoreWatch: 'strings',
  outFile: 'string',
  errorFile: 'string',
  logFile: 'string',
  mergeLogs: 'bool',
  logDateFormat: 'string',
  time: 'bool',
  instanceVar: 'string',
  drain: 'bool',
  drainTimeout: 'int',
  logMaxSize: 'int',
  logRetain: 'int',
  logCompress: 'bool',
  diagnosticReports: 'bool',
  metrics: 'bool',
  maxEventLoopDelay: 'int',
  maxHeap: 'int',
  unhealthyChecks: 'int',
};

const FORMS: Record<Kind, string> = {
  string: 'a string',
  int: 'a whole number >= 0',
  bool: 'true or false',
  strings: 'an array of strings',
  ints: 'an array of whole numbers',
  env: 'an object of string values',
  watch: 'false or an array of paths',
  mode: '"cluster" or "fork"',
};

/** The app as an AppSpec, or a UserError naming `where`, the field and what it should be. */
export function checkDumpedApp(value: unknown, where: string): AppSpec {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new UserError(`${where} is not an app object; nothing was started`);
  }
  const app = value as Record<string, unknown>;
  const label = typeof app.name === 'string' ? `${where} ("${app.name}")` : where;
  for (const [field, kind] of Object.entries(REQUIRED)) {
    if (!(field in app)) throw new UserError(`${label}: field "${field}" is missing; nothing was started`);
    check(app[field], kind, label, field);
  }
  for (const [field, kind] of Object.entries(OPTIONAL)) {
    if (app[field] !== undefined && app[field] !== null) check(app[field], kind, label, field);
  }
  if ((app.instances as number) < 1) throw new UserError(`${label}: field "instances" is ${String(app.instances)}; it must be 1 or more; nothing was started`);
  return app as unknown as AppSpec;
}

function check(value: unknown, kind: Kind, label: string, field: string): void {
  if (!fits(value, kind)) {
    throw new UserError(`${label}: field "${field}" is ${JSON.stringify(value)}; it must be ${FORMS[kind]}; nothing was started`);
  }
}

function fits(value: unknown, kind: Kind): boolean {
  const isInt = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v >= 0;
  const isStrings = (v: unknown): boolean => Array.isArray(v) && v.every((s) => typeof s === 'string');
  switch (kind) {
    case 'string':
      return typeof value === 'string';
    case 'int':
      return isInt(value);
    case 'bool':
      return typeof value === 'boolean';
    case 'strings':
      return isStrings(value);
    case 'ints':
      return Array.isArray(value) && value.every((n) => typeof n === 'number' && Number.isInteger(n));
    case 'env':
      return value !== null && typeof value === 'object' && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string');
    case 'watch':
      return value === false || isStrings(value);
    case 'mode':
      return value === 'cluster' || value === 'fork';
  }
}
