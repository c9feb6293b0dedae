// `clmon daemon [--resurrect]` (docs/cli.md#save---force--resurrect---update-env): the home's daemon in the foreground, for systemd
// (the unit of `clmon startup`) and containers. Logs go to stderr; SIGTERM/SIGINT stop every app
// gracefully, then exit 0.
import type { Command } from 'commander';
import { homeOf } from './context.js';

/** Register `daemon`. */
export function registerDaemon(program: Command): void {
  program
    .command('daemon')
    .description("run the home's daemon in the foreground (systemd, containers); logs to stderr")
    .option('--resurrect', 'first start the apps of <home>/dump.json (no dump yet: start empty)')
    .option('--metrics <[host:]port>', 'serve /metrics (Prometheus), /healthz and /readyz on this port (host default 127.0.0.1)')
    .action(async (opts: { resurrect?: boolean; metrics?: string }, self: Command) => {
      const { runDaemon } = await import('../daemon/run-daemon.js');
      await runDaemon({ home: homeOf(self), resurrect: opts.resurrect === true, metrics: opts.metrics });
      // The process now lives on its socket and signal handlers.
    });
}
