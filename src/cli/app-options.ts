// The app options of `run` and `start` (docs/cli.md), named as PM2 names them. Values stay raw strings
// here: the config layer validates them exactly as it validates ecosystem fields, so a bad value
// is reported the same way, naming the option.
import type { Command } from 'commander';
import { APP_DEFAULTS as D } from '../config/app-defaults.js';
import type { AppOverrides } from '../config/app-overrides.js';
import { formatDuration } from '../format.js';
import { MAX_BACKOFF_MS } from '../supervisor/restart-policy.js';

/** Add the PM2-style app options to `cmd`. */
export function addAppOptions(cmd: Command): Command {
  return cmd
    .option('-i, --instances <n>', 'number of workers: n, "max" (one per CPU), 0 (= max) or -1 (= max - 1)')
    .option('--name <name>', 'app name (default: the script name)')
    .option('--env <name>', 'apply the env_<name> section of the ecosystem file')
    .option('--exec-mode <mode>', 'cluster | fork (default: cluster when instances > 1)')
    .option('--max-memory-restart <size>', 'restart a worker whose RSS exceeds this, e.g. 500M, 1G')
    .option('--kill-timeout <ms>', `time from the graceful stop request to SIGKILL (default ${D.killTimeout})`)
    .option('--wait-ready', 'a worker is ready when it sends process.send("ready"), not when it listens')
    .option('--listen-timeout <ms>', `how long a reload waits for a new worker to be ready (default ${D.listenTimeout})`)
    .option('--max-restarts <n>', `unstable restarts in a row before a worker is given up on (default ${D.maxRestarts})`)
    .option('--min-uptime <ms|10s>', `a run shorter than this is unstable (default ${D.minUptime})`)
    .option('--restart-delay <ms>', `delay before restarting a crashed worker (default ${D.restartDelay})`)
    .option('--exp-backoff-restart-delay <ms>', `exponential backoff starting at this delay (capped at ${formatDuration(MAX_BACKOFF_MS)})`)
    .option('--no-autorestart', 'do not restart workers that exit')
    .option('--cron-restart <cron>', 'restart on a cron schedule, e.g. "0 3 * * *"')
    .option('--watch [paths...]', 'restart when files change (default path: the app directory); put it after <target>')
    .option('--node-args <args>', 'arguments for node (or for the interpreter), e.g. "--max-old-space-size=512"')
    .option('--interpreter <cmd>', 'run the script with this command ("none": run it directly)')
    .option('--cwd <dir>', 'working directory of the app')
    .option('--log-date-format <fmt>', 'prefix log file lines with this date format, e.g. "YYYY-MM-DD HH:mm:ss"')
    .option('--no-drain', 'do not load the drain helper into cluster workers')
    .option('--log-max-size <size>', `rotate each log file at this size, e.g. 10M (default ${D.logMaxSize}: off)`)
    .option('--log-retain <n>', `rotated files kept per log file (default ${D.logRetain})`)
    .option('--log-compress', 'gzip rotated log files')
    .option('--drain-timeout <ms>', `how long a stop waits for a cluster worker to drain its connections (default ${D.drainTimeout})`);
}

/** The fields the app options override, in the order they are applied (and so validated). */
const FIELDS = [
  'name',
  'instances',
  'exec_mode',
  'max_memory_restart',
  'kill_timeout',
  'wait_ready',
  'listen_timeout',
  'max_restarts',
  'min_uptime',
  'restart_delay',
  'exp_backoff_restart_delay',
  'autorestart',
  'drain',
  'drain_timeout',
  'cron_restart',
  'watch',
  'node_args',
  'interpreter',
  'cwd',
  'log_date_format',
  'log_max_size',
  'log_retain',
  'log_compress',
] as const satisfies readonly (keyof AppOverrides)[];
/** Flags that are off unless given (--wait-ready): only true overrides the file. */
const ONLY_TRUE: ReadonlySet<string> = new Set(['wait_ready', 'log_compress']);
/** --no-* options default to true: only an explicit false overrides the file. */
const ONLY_FALSE: ReadonlySet<string> = new Set(['autorestart', 'drain']);

/** commander's parsed options → raw ecosystem-field overrides (only what was given). */
export function appOverridesFromOptions(opts: Record<string, unknown>): AppOverrides {
  const overrides: Record<string, unknown> = {};
  for (const field of FIELDS) {
    // commander names an option's value in camelCase: --kill-timeout → killTimeout
    const value = opts[field.replace(/_(.)/g, (_, c: string) => c.toUpperCase())];
    if (field === 'watch') {
      if (value === true) overrides.watch = true;
      else if (Array.isArray(value)) overrides.watch = value.map(String);
    } else if (ONLY_TRUE.has(field)) {
      if (value === true) overrides[field] = true;
    } else if (ONLY_FALSE.has(field)) {
      if (value === false) overrides[field] = false;
    } else if (typeof value === 'string') overrides[field] = value;
  }
  return overrides as AppOverrides;
}
