// Command-line options that override ecosystem fields (docs/cli.md), kept in the ecosystem's own field
// names and raw form so the very same validation runs on them and names the option when one is wrong.

/** Raw override values, keyed by ecosystem field; absent = not given on the command line. */
export interface AppOverrides {
  name?: string;
  instances?: string | number;
  exec_mode?: string;
  max_memory_restart?: string | number;
  kill_timeout?: string | number;
  wait_ready?: boolean;
  listen_timeout?: string | number;
  max_restarts?: string | number;
  min_uptime?: string | number;
  restart_delay?: string | number;
  exp_backoff_restart_delay?: string | number;
  /** Only `false` is ever an override (`--no-autorestart`). */
  autorestart?: boolean;
  cron_restart?: string;
  /** true = the app's cwd; paths are relative to the directory clmon was started in. */
  watch?: boolean | string[];
  node_args?: string | string[];
  interpreter?: string;
  /** Relative to the directory clmon was started in. */
  cwd?: string;
  log_date_format?: string;
  /** Only `false` is ever an override (`--no-drain`). */
  drain?: boolean;
  log_max_size?: string;
  log_retain?: string;
  /** Only `true` is ever an override (`--log-compress`). */
  log_compress?: boolean;
  drain_timeout?: string | number;
  /** The words after `--`. */
  args?: string[];
}

const OPTION_OF_FIELD: Record<keyof AppOverrides, string> = {
  name: 'option --name',
  instances: 'option --instances',
  exec_mode: 'option --exec-mode',
  max_memory_restart: 'option --max-memory-restart',
  kill_timeout: 'option --kill-timeout',
  wait_ready: 'option --wait-ready',
  listen_timeout: 'option --listen-timeout',
  max_restarts: 'option --max-restarts',
  min_uptime: 'option --min-uptime',
  restart_delay: 'option --restart-delay',
  exp_backoff_restart_delay: 'option --exp-backoff-restart-delay',
  autorestart: 'option --no-autorestart',
  cron_restart: 'option --cron-restart',
  watch: 'option --watch',
  node_args: 'option --node-args',
  interpreter: 'option --interpreter',
  cwd: 'option --cwd',
  log_date_format: 'option --log-date-format',
  drain: 'option --no-drain',
  log_max_size: 'option --log-max-size',
  log_retain: 'option --log-retain',
  log_compress: 'option --log-compress',
  drain_timeout: 'option --drain-timeout',
  args: 'the arguments after --',
};

/** How messages name an overridden field: `option --kill-timeout`. */
export function optionLabel(field: keyof AppOverrides): string {
  return OPTION_OF_FIELD[field];
}

/** The override fields that were actually given. */
export function givenOverrides(overrides: AppOverrides): (keyof AppOverrides)[] {
  return (Object.keys(overrides) as (keyof AppOverrides)[]).filter((key) => overrides[key] !== undefined && key in OPTION_OF_FIELD);
}
