// The app fields clmon reads (docs/configuration.md), PM2's aliases for them, and the PM2 fields it ignores.
// Unknown fields are warnings, not errors: PM2 files carry many fields; a typo deserves a hint.

/** Fields PM2 has under the same name and with the same meaning (`clmon import pm2` copies them). */
export const PM2_SAME_FIELDS = [
  'autorestart',
  'max_restarts',
  'min_uptime',
  'restart_delay',
  'exp_backoff_restart_delay',
  'stop_exit_codes',
  'max_memory_restart',
  'kill_timeout',
  'wait_ready',
  'listen_timeout',
  'shutdown_with_message',
  'cron_restart',
  'ignore_watch',
  'merge_logs',
  'log_date_format',
  'time',
  'increment_var',
] as const;

/** Fields with a meaning in clmon, in PM2's spelling. `env_<name>` is matched by pattern. */
export const APP_FIELDS = [
  'name',
  'script',
  'args',
  'cwd',
  'instances',
  'exec_mode',
  'env',
  'interpreter',
  'node_args',
  'interpreter_args',
  ...PM2_SAME_FIELDS,
  'watch',
  'out_file',
  'error_file',
  'log_file',
  'instance_var',
  'drain',
  'port',
  'diagnostic_reports',
  'metrics',
  'max_event_loop_delay',
  'max_heap',
  'unhealthy_checks',
  'log_max_size',
  'log_retain',
  'log_compress',
  'drain_timeout',
] as const;

export type AppField = (typeof APP_FIELDS)[number];

/** PM2's other spellings of the same fields. */
const ALIASES: Record<string, AppField> = {
  exec: 'script',
  // PM2 takes `cmd` and `command` for `script` when there is no `script`
  cmd: 'script',
  command: 'script',
  exec_interpreter: 'interpreter',
  interpreterArgs: 'interpreter_args',
  out: 'out_file',
  output: 'out_file',
  out_log: 'out_file',
  error: 'error_file',
  err: 'error_file',
  err_file: 'error_file',
  err_log: 'error_file',
  log: 'log_file',
  combine_logs: 'merge_logs',
  cron: 'cron_restart',
};

/** PM2 fields about its own machinery (versioning, metrics, naming): nothing to do, nothing to say. */
const PM2_QUIET = new Set([
  'namespace',
  'vizion',
  'pmx',
  'automation',
  'source_map_support',
  'disable_source_map_support',
  'windowsHide',
  'append_env_to_name',
  'force',
  'post_update',
  'install_url',
  'treekill',
  'kill_retry_time',
  'trace',
  'disable_trace',
  'v8',
  'event_loop_inspector',
  'deep_monitoring',
  'pid_file',
  'pid',
  'watch_delay',
  'io',
  'write',
  'execute_command',
  'versioning',
]);

/** PM2 fields that change behaviour clmon does not have: the user should know they are ignored. */
const PM2_UNSUPPORTED = new Set(['name_prefix', 'filter_env', 'log_type', 'disable_logs', 'watch_options', 'autostart', 'username', 'uid', 'user', 'gid']);

export interface FieldValue {
  value: unknown;
  /** The key as written in the file (an alias or the field itself). */
  key: string;
}

/** A raw app's fields under their canonical names, plus warnings about the keys clmon ignores. */
export function readFields(raw: Record<string, unknown>): { fields: Map<string, FieldValue>; ignored: string[] } {
  const fields = new Map<string, FieldValue>();
  const ignored: string[] = [];
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    if ((APP_FIELDS as readonly string[]).includes(key) || /^env_./.test(key)) {
      fields.set(key, { value, key });
    } else if (key in ALIASES) {
      // the field's own spelling wins over an alias
      if (!(ALIASES[key] in raw)) fields.set(ALIASES[key], { value, key });
    } else if (PM2_UNSUPPORTED.has(key)) {
      ignored.push(`field "${key}" (PM2) is not supported by clmon and is ignored`);
    } else if (!PM2_QUIET.has(key)) {
      const guess = closestField(key);
      ignored.push(`unknown field "${key}" ignored${guess ? ` (did you mean "${guess}"?)` : ''}`);
    }
  }
  return { fields, ignored };
}

/** The known field a typo most likely meant, if one is close enough. */
function closestField(key: string): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(key.length / 4)) + 1;
  for (const field of [...APP_FIELDS, ...Object.keys(ALIASES)]) {
    const distance = editDistance(key.toLowerCase(), field);
    if (distance < bestDistance) {
      best = ALIASES[field] ?? field;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
