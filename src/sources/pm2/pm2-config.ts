// How a PM2 app is configured, read from a process's pm2_env (the detail view's config and env,
// docs/cli.md#attach). PM2 keeps the resolved options there under their ecosystem names. Pure.
import type { AppConfigView } from '../../model/types.js';
import type { Pm2Env } from './pm2-types.js';

/** Options shown as settings when PM2 has them, by their ecosystem names. */
const SETTINGS = [
  'instances',
  'autorestart',
  'max_restarts',
  'min_uptime',
  'restart_delay',
  'exp_backoff_restart_delay',
  'kill_timeout',
  'listen_timeout',
  'wait_ready',
  'max_memory_restart',
  'cron_restart',
  'watch',
  'stop_exit_codes',
  'shutdown_with_message',
  'instance_var',
  'namespace',
] as const;

/** The AppConfigView of the app a PM2 process belongs to, from its pm2_env. */
export function pm2ConfigView(env: Pm2Env): AppConfigView {
  const settings: AppConfigView['settings'] = {};
  if (typeof env.exec_mode === 'string') settings.exec_mode = env.exec_mode.replace(/_mode$/, '');
  for (const key of SETTINGS) {
    const value = setting(env[key]);
    if (value !== undefined) settings[key] = value;
  }
  return {
    script: text(env.pm_exec_path),
    args: strings(env.args),
    cwd: text(env.pm_cwd),
    interpreter: text(env.exec_interpreter) || 'node',
    nodeArgs: strings(env.node_args),
    settings,
    env: envOf(env.env),
  };
}

/** A primitive as it is, a list joined by commas (watch paths, stop_exit_codes); else nothing. */
function setting(value: unknown): string | number | boolean | undefined {
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number')) return value.join(',');
  return undefined;
}

/** PM2 stores args and node_args as an array, or as one string when given so. */
function strings(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  if (typeof value === 'string' && value.trim() !== '') return value.trim().split(/\s+/);
  return [];
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** The environment PM2 started the process with (its `env` object); non-strings are left out. */
function envOf(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!value || typeof value !== 'object') return out;
  for (const [key, v] of Object.entries(value)) {
    if (typeof v === 'string') out[key] = v;
    else if (typeof v === 'number' || typeof v === 'boolean') out[key] = String(v);
  }
  return out;
}
