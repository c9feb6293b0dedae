// PM2's process list (a live daemon's getMonitorData, or its dump.pm2: both are pm2_env objects,
// one per process) as an ecosystem.config.js for clmon (`clmon import pm2`, docs/configuration.md). Every field
// clmon understands is carried over, with the instance count of the running processes; every
// other PM2 setting that differs from PM2's default becomes a comment saying why it is not. Pure.
import { basename } from 'node:path';
import type { Pm2Env } from '../sources/pm2/pm2-types.js';
import { PM2_SAME_FIELDS } from './app-fields.js';

export interface ImportOptions {
  /** Where the list came from, for the header: `the PM2 daemon of PM2_HOME=/root/.pm2`. */
  origin: string;
  /** PM2_HOME: log paths under its logs/ directory are PM2's defaults, not the user's choice. */
  pm2Home: string;
  /** The environment `clmon import` runs in: only the variables PM2's apps had differently are written. */
  currentEnv: Record<string, string | undefined>;
}

export interface ImportedApp {
  name: string;
  instances: number;
  mode: 'cluster' | 'fork';
}

export interface ImportResult {
  text: string;
  apps: ImportedApp[];
}

/** pm2_env keys that are PM2's run-time state or read into other fields: never a comment. */
const HANDLED = new Set([
  'name',
  'pm_exec_path',
  'pm_cwd',
  'args',
  'exec_mode',
  'instances',
  'exec_interpreter',
  'node_args',
  'env',
  'watch',
  'instance_var',
  'pm_out_log_path',
  'pm_err_log_path',
  'pm_log_path',
  'pm_pid_path',
  'status',
  'pm_id',
  'restart_time',
  'unstable_restarts',
  'created_at',
  'pm_uptime',
  'unique_id',
  '_pm2_version',
  'version',
  'node_version',
  'username',
  'exit_code',
  'prev_restart_delay',
  'km_link',
  'vizion_running',
  'versioning',
  'pmx_module',
  'started_inside',
  'axm_actions',
  'axm_monitor',
  'axm_options',
  'axm_dynamic',
  'pid',
  'out_file',
  'error_file',
  'log_file',
  'merge_logs',
  'windowsHide',
  'pm2_env',
  'port',
]);

/** PM2's defaults for the settings clmon has no use for: a value other than this deserves a comment. */
const PM2_DEFAULTS: Record<string, unknown> = {
  filter_env: [],
  namespace: 'default',
  vizion: true,
  autostart: true,
  pmx: true,
  automation: true,
  treekill: true,
  kill_retry_time: 100,
  source_map_support: true,
  disable_source_map_support: false,
  trace: false,
  disable_trace: true,
  deep_monitoring: false,
  watch_delay: 1000,
  append_env_to_name: false,
  force: false,
};

/** Why clmon cannot carry a PM2 setting over, for the ones users set most. */
const WHY_NOT: Record<string, string> = {
  namespace: 'clmon has no namespaces: every app of a home is listed together',
  filter_env: 'clmon gives every app the environment of the command that starts it; unset variables with null in "env"',
  uid: 'clmon runs apps as the user that runs its daemon',
  gid: 'clmon runs apps as the user that runs its daemon',
  user: 'clmon runs apps as the user that runs its daemon',
  autostart: 'clmon starts every app of the file; leave this app out to not start it',
  log_type: 'clmon writes plain log lines (`clmon logs --json` gives JSON)',
  disable_logs: 'clmon always captures logs; set out_file and error_file to "/dev/null" to keep none on disk',
  watch_options: 'clmon watches with its own settings (watch, ignore_watch)',
  vizion: 'clmon does not track versions of the code',
  post_update: 'clmon does not track versions of the code',
  treekill: 'clmon always stops the whole process tree of a worker',
  kill_retry_time: 'clmon sends SIGKILL once after kill_timeout',
  source_map_support: 'clmon does not load source-map-support into workers',
  node_version: 'clmon runs the node it runs on',
};

/** The ecosystem file text and what it holds, from PM2's pm2_env objects (one per process). */
export function ecosystemFromPm2(envs: readonly Pm2Env[], opts: ImportOptions): ImportResult {
  const groups = new Map<string, Pm2Env[]>();
  const skipped: string[] = [];
  for (const env of envs) {
    const name = String(env.name);
    if (env.pmx_module) {
      if (!skipped.includes(name)) skipped.push(name);
      continue;
    }
    groups.set(name, [...(groups.get(name) ?? []), env]);
  }
  const apps: ImportedApp[] = [];
  const blocks: string[] = [];
  for (const [name, procs] of groups) {
    const first = [...procs].sort((a, b) => slotOf(a) - slotOf(b))[0]!;
    const { fields, comments } = appOf(first, procs.length, opts);
    apps.push({ name, instances: procs.length, mode: fields.exec_mode === 'cluster' ? 'cluster' : 'fork' });
    blocks.push(formatApp(fields, comments));
  }
  const header = [
    `// Written by \`clmon import pm2\` from ${opts.origin}.`,
    '// Start it with `clmon start <this file>`. Apps get the environment of the command that starts them,',
    '// then "env" on top: "env" holds the variables PM2 gave the app that differ from the environment',
    "// `clmon import` ran in. Log files PM2 kept in its own logs/ directory go to clmon's (<home>/logs).",
    ...skipped.map((name) => `// Left out: ${JSON.stringify(name)}, a PM2 module (clmon rotates its own logs and has no modules).`),
  ];
  const text = `${header.join('\n')}\nmodule.exports = {\n  apps: [\n${blocks.join('\n')}\n  ],\n};\n`;
  return { text, apps };
}

interface AppText {
  fields: Record<string, unknown>;
  comments: string[];
}

function appOf(env: Pm2Env, instances: number, opts: ImportOptions): AppText {
  const fields: Record<string, unknown> = { name: String(env.name), script: env.pm_exec_path };
  const comments: string[] = [];
  const args = listOf(env.args);
  if (args.length > 0) fields.args = args;
  if (typeof env.pm_cwd === 'string') fields.cwd = env.pm_cwd;
  const mode = typeof env.exec_mode === 'string' && env.exec_mode.startsWith('cluster') ? 'cluster' : 'fork';
  fields.instances = instances;
  fields.exec_mode = mode;
  const interpreter = interpreterOf(env.exec_interpreter);
  if (interpreter !== undefined) fields.interpreter = interpreter;
  const nodeArgs = listOf(env.node_args);
  if (nodeArgs.length > 0) fields.node_args = nodeArgs;
  if (env.watch === true || (Array.isArray(env.watch) && env.watch.length > 0) || (typeof env.watch === 'string' && env.watch !== '')) {
    fields.watch = env.watch;
  }
  for (const key of PM2_SAME_FIELDS) if (isSet(env[key])) fields[key] = key === 'max_memory_restart' ? sizeText(env[key]) : env[key];
  const instanceVar = typeof env.instance_var === 'string' ? env.instance_var : 'NODE_APP_INSTANCE';
  if (instanceVar !== 'NODE_APP_INSTANCE') fields.instance_var = instanceVar;
  const merged = env.merge_logs === true;
  for (const [field, key] of [
    ['out_file', 'pm_out_log_path'],
    ['error_file', 'pm_err_log_path'],
    ['log_file', 'pm_log_path'],
  ] as const) {
    const path = logPath(env[key], env, merged, opts.pm2Home);
    if (path !== undefined) fields[field] = path;
  }
  for (const [key, value] of Object.entries(env)) if (/^env_./.test(key) && value && typeof value === 'object') fields[key] = value;
  fields.env = envDiff(env, instanceVar, opts.currentEnv);

  const appEnv = env.env && typeof env.env === 'object' ? (env.env as Record<string, unknown>) : {};
  for (const [key, value] of Object.entries(env)) {
    if (HANDLED.has(key) || key in fields || /^env_./.test(key) || key in appEnv || key === instanceVar) continue;
    if (key in PM2_DEFAULTS ? sameValue(PM2_DEFAULTS[key], value) : !isSet(value)) continue;
    const why = WHY_NOT[key] ?? 'clmon has no such setting';
    comments.push(`not carried over: PM2 ${JSON.stringify(key)}: ${oneLine(value)} (${why})`);
  }
  if (env.status === 'stopped') comments.push('this app was stopped under PM2; clmon start runs it (clmon stop it after, if it should stay stopped)');
  return { fields, comments };
}

/** The slot PM2 gave a process (its instance variable), so the first instance describes the app. */
function slotOf(env: Pm2Env): number {
  const value = Number(env[typeof env.instance_var === 'string' ? env.instance_var : 'NODE_APP_INSTANCE']);
  return Number.isInteger(value) ? value : Number.MAX_SAFE_INTEGER;
}

/** Node (PM2 stores the full path of the node it used) is clmon's default: nothing to write. */
function interpreterOf(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const name = basename(value);
  return name === 'node' || name === 'nodejs' ? undefined : value;
}

/** A log path the user chose (PM2's -<pm_id> suffix taken off again); PM2's default ones are left to clmon. */
function logPath(value: unknown, env: Pm2Env, merged: boolean, pm2Home: string): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  if (value === '/dev/null' || value === 'NULL') return '/dev/null';
  // the home the process ran under, as PM2 recorded it in its env; else the one imported from
  const recorded = env.env && typeof env.env === 'object' ? (env.env as Record<string, unknown>).PM2_HOME : undefined;
  const homes = [typeof recorded === 'string' ? recorded : undefined, pm2Home].filter((h): h is string => !!h);
  if (homes.some((home) => value.startsWith(`${home.replace(/\/+$/, '')}/logs/`))) return undefined;
  return merged ? value : value.replace(new RegExp(`-${Number(env.pm_id)}\\.log$`), '.log');
}

/** Variables PM2 gave the app (its `env`) that are missing or different in `current`, PM2's own left out. */
function envDiff(env: Pm2Env, instanceVar: string, current: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  const appEnv = env.env && typeof env.env === 'object' ? (env.env as Record<string, unknown>) : {};
  for (const [key, raw] of Object.entries(appEnv)) {
    if (pm2Internal(key, env, instanceVar)) continue;
    if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') continue;
    const value = String(raw);
    if (current[key] !== value) out[key] = value;
  }
  return out;
}

/** What PM2 puts into every app's env itself, and the shell's bookkeeping variables. */
function pm2Internal(key: string, env: Pm2Env, instanceVar: string): boolean {
  return (
    /^(PM2_|pm_|axm_)/.test(key) ||
    key === 'unique_id' ||
    key === String(env.name) ||
    key === instanceVar ||
    key === 'NODE_APP_INSTANCE' ||
    ['_', 'PWD', 'OLDPWD', 'SHLVL'].includes(key)
  );
}

function listOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'string' && value.trim() !== '') return value.trim().split(/\s+/);
  return [];
}

function isSet(value: unknown): boolean {
  return value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0) && value !== '';
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function oneLine(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** One app as a JS object literal, fields in the order above, comments last. */
function formatApp(fields: Record<string, unknown>, comments: string[]): string {
  const lines = Object.entries(fields).map(([key, value]) => `      ${safeKey(key)}: ${literal(value)},`);
  // comments are JS line comments: keep any newline in a value from ending them
  for (const comment of comments) lines.push(`      // ${comment.replace(/[\r\n\u2028\u2029]/g, ' ')}`);
  return `    {\n${lines.join('\n')}\n    },`;
}

/** JSON is valid JavaScript; objects (env) one entry a line, as a person would write them. */
function literal(value: unknown): string {
  if (Array.isArray(value) && value.every((v) => v === null || typeof v !== 'object')) return `[${value.map((v) => JSON.stringify(v)).join(', ')}]`;
  if (value && typeof value === 'object' && Object.keys(value).length > 0) {
    return JSON.stringify(value, null, 2).replace(/\n/g, '\n      ');
  }
  return JSON.stringify(value);
}

/** PM2 keeps max_memory_restart in bytes; "200M" reads as the user wrote it. */
function sizeText(bytes: unknown): unknown {
  if (typeof bytes !== 'number' || !Number.isInteger(bytes) || bytes <= 0) return bytes;
  for (const [unit, size] of [
    ['G', 1024 ** 3],
    ['M', 1024 ** 2],
    ['K', 1024],
  ] as const)
    if (bytes % size === 0) return `${bytes / size}${unit}`;
  return bytes;
}

function safeKey(key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : JSON.stringify(key);
}
