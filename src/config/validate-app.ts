// One raw ecosystem app (file fields merged with command-line overrides) → a complete AppSpec
// with PM2's defaults (docs/configuration.md). Every problem is collected, not thrown, so that the user sees all
// of a file's mistakes at once; unknown fields are warnings.
import { statSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import { UserError } from '../errors.js';
import type { AppSpec } from '../model/types.js';
import { APP_DEFAULTS } from './app-defaults.js';
import { readFields, type FieldValue } from './app-fields.js';
import { baseEnvironment, overlayEnv } from './app-env.js';
import { defaultExecMode, parseExecMode, parseInstances, type Instances } from './app-mode.js';
import { toBoolean, toCron, toExitCodes, toInteger, toStringList, toText, toWords } from './field-values.js';
import { formatValue } from './format-value.js';
import { expandHome, isNullLog } from './home-path.js';
import { resolveScript, type ResolvedScript } from './resolve-script.js';
import { pm2DefaultName, shellCommand } from './shell-command.js';
import { parseDuration, parseSize } from './units.js';

export interface AppContext {
  /** Names the app in app-level messages: `ecosystem.config.js: app "web"`. */
  label: string;
  /** Names a field in messages: `ecosystem.config.js: app "web": field "x"`, or `option --x`. */
  where(field: string, key: string): string;
  /** What a relative `cwd` is relative to, and the default cwd. */
  baseDir: string;
  baseEnv: Record<string, string | undefined>;
  envName?: string;
  cpus: number;
  errors: string[];
  warnings: string[];
}

const LOG_PATH_FORMS = 'a file path (relative to the app\'s cwd, "~/" for the home directory), or "NULL" / "/dev/null" for no file';

/** The AppSpec of `raw`, or undefined when it has errors (they are in ctx.errors). */
export function validateApp(raw: unknown, ctx: AppContext): AppSpec | undefined {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    ctx.errors.push(`${ctx.label}: ${formatValue(raw)} is not an app; each entry of "apps" is an object such as { "script": "server.js" }`);
    return undefined;
  }
  const { fields, ignored } = readFields(raw as Record<string, unknown>);
  for (const warning of ignored) ctx.warnings.push(`${ctx.label}: ${warning}`);
  const errorsBefore = ctx.errors.length;
  const read = reader(fields, ctx);

  const scriptField = read('script', (v, w) => toText(v, w, 'the path of the script to run'), undefined);
  if (!fields.has('script')) ctx.errors.push(`${ctx.label}: field "script" is missing; set it to the file to run, e.g. "server.js"`);
  const errorsBeforeDeps = ctx.errors.length;
  const home = ctx.baseEnv.HOME;
  const path = (v: unknown, w: string, accepted: string): string => expandHome(toText(v, w, accepted), home);
  const cwd = read('cwd', (v, w) => existingDir(resolve(ctx.baseDir, path(v, w, 'a directory path')), w), ctx.baseDir);
  const interpreter = read('interpreter', (v, w) => (typeof v === 'string' ? expandHome(v, home) : toText(v, w, '"node", "none" or a command')), undefined);
  const env = baseEnvironment(ctx.baseEnv);
  // the script is only looked for once the directory and interpreter it depends on are sound
  const scriptPath = scriptField === undefined ? undefined : expandHome(scriptField, home);
  const command =
    scriptPath === undefined || interpreter !== undefined || ctx.errors.length > errorsBeforeDeps
      ? undefined
      : read('script', (_, where) => shellCommand(scriptPath, cwd, env.PATH, where), undefined);
  const resolved: ResolvedScript | undefined = command
    ? { script: command.shell, interpreter: 'none' }
    : scriptPath === undefined || ctx.errors.length > errorsBeforeDeps
      ? undefined
      : read(
          'script',
          (_, where) => resolveScript(scriptPath, interpreter, cwd, env.PATH, { script: where, interpreter: whereOf('interpreter', fields, ctx) }),
          undefined,
        );
  const runsOnNode = resolved?.interpreter === undefined;
  // PM2 sets this for any python interpreter, so that print() output reaches the logs as it happens
  if (resolved?.interpreter && /python/.test(basename(resolved.interpreter))) env.PYTHONUNBUFFERED = '1';
  if (command && fields.has('args'))
    ctx.warnings.push(`${whereOf('args', fields, ctx)}: ignored, as PM2 does, for a command line run with bash -c; put the arguments in the command`);

  const name = read('name', appName, defaultName(scriptPath, resolved));
  const instancesGiven = fields.has('instances') && fields.get('instances')?.value !== null;
  const instances = read<Instances>('instances', (v, w) => parseInstances(v, w, ctx.cpus), { count: 1, perCpu: false });
  const execMode = read('exec_mode', parseExecMode, defaultExecMode(instancesGiven, runsOnNode));
  if (execMode === 'cluster' && resolved && !runsOnNode) {
    ctx.errors.push(
      `${whereOf('exec_mode', fields, ctx)}: cluster mode runs Node.js workers, but ${resolved.script} runs with ` +
        `interpreter ${JSON.stringify(resolved.interpreter)}; use exec_mode "fork"`,
    );
  }

  read('env', (v, w) => overlayEnv(env, v, w), undefined);
  for (const [field, { value, key }] of fields) {
    if (!field.startsWith('env_')) continue;
    // every env_<name> must be well-formed; only the selected one is applied
    const target = field === `env_${ctx.envName}` ? env : {};
    try {
      overlayEnv(target, value, ctx.where(field, key));
    } catch (err) {
      collect(err, ctx);
    }
  }
  const port = read('port', (v, w) => toInteger(v, w, 0, 65535), undefined);
  if (port !== undefined) env.PORT = String(port);
  const incrementVar = read('increment_var', (v, w) => variableName(v, w), undefined);
  if (incrementVar !== undefined && env[incrementVar] !== undefined && !/^\s*-?\d+\s*$/.test(env[incrementVar])) {
    ctx.warnings.push(
      `${whereOf('increment_var', fields, ctx)}: ${incrementVar} is ${formatValue(env[incrementVar])}, not a number; the workers get 0, 1, 2... (as in PM2)`,
    );
  }

  const watch = read('watch', (v, w) => watchPaths(v, w, cwd, home), APP_DEFAULTS.watch);
  const logPath = (v: unknown, w: string): string | undefined => {
    if (v === false) return undefined;
    const file = path(v, w, LOG_PATH_FORMS);
    return isNullLog(file) ? '/dev/null' : resolve(cwd, file);
  };

  const spec: AppSpec = {
    name,
    script: resolved?.script ?? '',
    args: command ? command.args : read('args', toWords, [...APP_DEFAULTS.args]),
    cwd,
    instances: instances.count,
    execMode,
    env,
    interpreter: resolved?.interpreter,
    nodeArgs: [...read('node_args', toWords, [...APP_DEFAULTS.nodeArgs]), ...read('interpreter_args', toWords, [])],
    autorestart: read('autorestart', toBoolean, APP_DEFAULTS.autorestart),
    maxRestarts: read('max_restarts', (v, w) => toInteger(v, w, 0), APP_DEFAULTS.maxRestarts),
    minUptime: read('min_uptime', parseDuration, APP_DEFAULTS.minUptime),
    restartDelay: read('restart_delay', parseDuration, APP_DEFAULTS.restartDelay),
    expBackoffRestartDelay: read('exp_backoff_restart_delay', parseDuration, APP_DEFAULTS.expBackoffRestartDelay),
    stopExitCodes: read('stop_exit_codes', toExitCodes, [...APP_DEFAULTS.stopExitCodes]),
    maxMemoryRestart: read('max_memory_restart', parseSize, APP_DEFAULTS.maxMemoryRestart),
    killTimeout: read('kill_timeout', parseDuration, APP_DEFAULTS.killTimeout),
    waitReady: read('wait_ready', toBoolean, APP_DEFAULTS.waitReady),
    listenTimeout: read('listen_timeout', parseDuration, APP_DEFAULTS.listenTimeout),
    shutdownWithMessage: read('shutdown_with_message', toBoolean, APP_DEFAULTS.shutdownWithMessage),
    cronRestart: read('cron_restart', (v, w) => (v === '' || v === false ? undefined : toCron(v, w)), undefined),
    watch,
    ignoreWatch: [...new Set([...APP_DEFAULTS.ignoreWatch, ...read('ignore_watch', toStringList, [])])],
    outFile: read('out_file', logPath, undefined),
    errorFile: read('error_file', logPath, undefined),
    logFile: read('log_file', logPath, undefined),
    mergeLogs: read('merge_logs', toBoolean, APP_DEFAULTS.mergeLogs),
    logDateFormat: read('log_date_format', (v, w) => toText(v, w, 'a date format such as "YYYY-MM-DD HH:mm:ss"'), undefined),
    time: read('time', toBoolean, APP_DEFAULTS.time),
    instanceVar: read('instance_var', (v, w) => variableName(v, w), APP_DEFAULTS.instanceVar),
    drain: read('drain', toBoolean, APP_DEFAULTS.drain),
    diagnosticReports: read('diagnostic_reports', toBoolean, APP_DEFAULTS.diagnosticReports),
    metrics: read('metrics', toBoolean, APP_DEFAULTS.metrics),
    maxEventLoopDelay: read('max_event_loop_delay', parseDuration, APP_DEFAULTS.maxEventLoopDelay),
    maxHeap: read('max_heap', parseSize, APP_DEFAULTS.maxHeap),
    unhealthyChecks: read('unhealthy_checks', (v, w) => toInteger(v, w, 1), APP_DEFAULTS.unhealthyChecks),
    logMaxSize: read('log_max_size', parseSize, APP_DEFAULTS.logMaxSize),
    logRetain: read('log_retain', (v, w) => toInteger(v, w, 0), APP_DEFAULTS.logRetain),
    logCompress: read('log_compress', toBoolean, APP_DEFAULTS.logCompress),
    drainTimeout: read('drain_timeout', parseDuration, APP_DEFAULTS.drainTimeout),
  };
  if (incrementVar !== undefined) spec.incrementVar = incrementVar;
  return ctx.errors.length === errorsBefore ? spec : undefined;
}

type Read = <T>(field: string, parse: (value: unknown, where: string) => T, fallback: T) => T;

/** Reads one field: absent (or null) gives the fallback; a bad value is recorded and gives it too. */
function reader(fields: Map<string, FieldValue>, ctx: AppContext): Read {
  return (field, parse, fallback) => {
    const entry = fields.get(field);
    if (!entry || entry.value === null) return fallback;
    try {
      return parse(entry.value, ctx.where(field, entry.key));
    } catch (err) {
      collect(err, ctx);
      return fallback;
    }
  };
}

/** How messages name `field` of this app (the key as written, or the option that overrode it). */
function whereOf(field: string, fields: Map<string, FieldValue>, ctx: AppContext): string {
  return ctx.where(field, fields.get(field)?.key ?? field);
}

function collect(err: unknown, ctx: AppContext): void {
  if (!(err instanceof UserError)) throw err;
  if (!ctx.errors.includes(err.message)) ctx.errors.push(err.message);
}

/**
 * Names are used in `<app>:<id>` targets, `<host>/<app>` in the TUI and --via, log file names
 * and `all`, so what would make those ambiguous is refused: ":" (it starts the worker id), "/"
 * and "\" (host separator, path separators in log file names), control characters (terminal
 * safety), "all" and all-digit names (PM2 reads a number as an id), spaces at either end (lost
 * by the shell and the table). Anything else is accepted, spaces inside included: PM2 accepts
 * "my api", and an imported PM2 setup must load as it is (the shell quotes such a target).
 * The message states exactly this rule.
 */
function appName(value: unknown, where: string): string {
  const name = toText(value, where, 'a non-empty name');
  if (name === 'all' || /[:/\\\x00-\x1f\x7f-\x9f]/.test(name) || /^\d+$/.test(name) || name !== name.trim()) {
    throw new UserError(
      `${where}: ${formatValue(value)} is not a usable name; a name may hold any characters but ":", "/", "\\" and control characters, ` +
        'must not start or end with a space, and must not be "all" or only digits',
    );
  }
  return name;
}

/** `watch`: true = the app's cwd; a path or a list of paths, relative to the cwd; false or [] = off. */
function watchPaths(value: unknown, where: string, cwd: string, home: string | undefined): false | string[] {
  if (typeof value === 'boolean' || value === 'true' || value === 'false') return toBoolean(value, where) ? [cwd] : false;
  const paths = Array.isArray(value) && value.length === 0 ? [] : toStringList(value, where);
  return paths.length > 0 ? paths.map((p) => resolve(cwd, expandHome(p, home))) : false;
}

/** PM2's default name, from the script as written (a directory's name, "python3 -m http" for a command). */
function defaultName(script: string | undefined, resolved: ResolvedScript | undefined): string {
  const name = script === undefined ? '' : pm2DefaultName(script);
  if (name !== '' && name !== '.' && name !== '..') return name;
  return resolved ? basename(resolved.script, extname(resolved.script)) : 'app';
}

function variableName(value: unknown, where: string): string {
  if (typeof value === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(value)) return value;
  throw new UserError(`${where}: ${formatValue(value)} is not valid; use an environment variable name such as "NODE_APP_INSTANCE"`);
}

function existingDir(dir: string, where: string): string {
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    // reported below
  }
  if (!isDir) throw new UserError(`${where}: directory not found: ${dir}`);
  return dir;
}
