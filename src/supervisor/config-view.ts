// An app's configuration as the detail view and `describe` show it, in PM2's field names so
// that it reads like the ecosystem file the user wrote.
import type { AppConfigView, AppSpec } from '../model/types.js';

export function configView(spec: AppSpec): AppConfigView {
  const settings: AppConfigView['settings'] = {
    exec_mode: spec.execMode,
    instances: spec.instances,
    autorestart: spec.autorestart,
    max_restarts: spec.maxRestarts,
    min_uptime: spec.minUptime,
    kill_timeout: spec.killTimeout,
    listen_timeout: spec.listenTimeout,
    wait_ready: spec.waitReady,
  };
  if (spec.expBackoffRestartDelay > 0) settings.exp_backoff_restart_delay = spec.expBackoffRestartDelay;
  else settings.restart_delay = spec.restartDelay;
  if (spec.stopExitCodes.length > 0) settings.stop_exit_codes = spec.stopExitCodes.join(',');
  if (spec.maxMemoryRestart > 0) settings.max_memory_restart = spec.maxMemoryRestart;
  if (spec.cronRestart) settings.cron_restart = spec.cronRestart;
  if (spec.watch) settings.watch = spec.watch.join(',');
  if (spec.shutdownWithMessage) settings.shutdown_with_message = true;
  if (spec.execMode === 'cluster') settings.drain = spec.drain;
  if (!spec.diagnosticReports) settings.diagnostic_reports = false;
  if (spec.execMode === 'cluster' && spec.drain) settings.drain_timeout = spec.drainTimeout;
  if (spec.instanceVar !== 'NODE_APP_INSTANCE') settings.instance_var = spec.instanceVar;
  if (!spec.metrics) settings.metrics = false;
  if (spec.maxEventLoopDelay > 0) settings.max_event_loop_delay = spec.maxEventLoopDelay;
  if (spec.maxHeap > 0) settings.max_heap = spec.maxHeap;
  if (spec.maxEventLoopDelay > 0 || spec.maxHeap > 0) settings.unhealthy_checks = spec.unhealthyChecks;
  if (spec.incrementVar) settings.increment_var = spec.incrementVar;
  return {
    script: spec.script,
    args: [...spec.args],
    cwd: spec.cwd,
    interpreter: spec.interpreter ?? 'node',
    nodeArgs: [...spec.nodeArgs],
    settings,
    env: { ...spec.env },
  };
}
