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

/** commander's parsed options → raw ecosystem-field overrides (only what was given). */
export function appOverridesFromOptions(opts: Record<string, unknown>): AppOverrides {
  const overrides: AppOverrides = {};
  const text = (key: string): string | undefined => (typeof opts[key] === 'string' ? (opts[key] as string) : undefined);
  overrides.name = text('name');
  overrides.instances = text('instances');
  overrides.exec_mode = text('execMode');
  overrides.max_memory_restart = text('maxMemoryRestart');
  overrides.kill_timeout = text('killTimeout');
  overrides.wait_ready = opts.waitReady === true ? true : undefined;
  overrides.listen_timeout = text('listenTimeout');
  overrides.max_restarts = text('maxRestarts');
  overrides.min_uptime = text('minUptime');
  overrides.restart_delay = text('restartDelay');
  overrides.exp_backoff_restart_delay = text('expBackoffRestartDelay');
  // --no-* options default to true: only an explicit false overrides the file
  overrides.autorestart = opts.autorestart === false ? false : undefined;
  overrides.drain = opts.drain === false ? false : undefined;
  overrides.drain_timeout = text('drainTimeout');
  overrides.cron_restart = text('cronRestart');
  if (opts.watch === true) overrides.watch = true;
  else if (Array.isArray(opts.watch)) overrides.watch = opts.watch.map(String);
  overrides.node_args = text('nodeArgs');
  overrides.interpreter = text('interpreter');
  overrides.cwd = text('cwd');
  overrides.log_date_format = text('logDateFormat');
  overrides.log_max_size = text('logMaxSize');
  overrides.log_retain = text('logRetain');
  overrides.log_compress = opts.logCompress === true ? true : undefined;
  for (const key of Object.keys(overrides) as (keyof AppOverrides)[]) {
    if (overrides[key] === undefined) delete overrides[key];
  }
  return overrides;
}
