// `clmon start <target> [opts] [-- args]`: load the apps with this shell's environment (apps get
// the env of the command that started them, docs/cli.md), start the home's daemon if none runs, hand
// it the apps, print the table. Config is loaded lazily: `clmon ls` never pays for it.
import type { Command } from 'commander';
import { UserError } from '../errors.js';
import type { ControlClient } from '../daemon/control-client.js';
import type { AppSpec } from '../model/types.js';
import { addAppOptions, appOverridesFromOptions } from './app-options.js';
import { homeOf } from './context.js';
import { clientLabel } from './members.js';
import { settle } from './settle.js';
import { showTable } from './show-table.js';

/** Longest wait for the new workers to leave `launching` before the table is printed. */
const MAX_LAUNCH_WAIT_MS = 10_000;

/** Register `start`. */
export function registerStart(program: Command): void {
  const cmd = program
    .command('start')
    .argument('<target>', 'a script (.js, .cjs, .mjs, or any executable with --interpreter) or an ecosystem file')
    .argument('[args...]', 'arguments for the script (after --)')
    .description('start the apps in the background daemon of this home (starting the daemon if needed)')
    .option('--metrics <[host:]port>', 'when this starts the daemon: serve /metrics, /healthz and /readyz on this port (host default 127.0.0.1)');
  addAppOptions(cmd).action(async (target: string, args: string[], opts: Record<string, unknown>, self: Command) => {
    const home = homeOf(self);
    const metrics = await metricsSetting(opts.metrics);
    const { loadApps } = await import('../config/load-apps.js');
    const overrides = appOverridesFromOptions(opts);
    if (args.length > 0) overrides.args = args;
    const { apps, warnings } = await loadApps(target, {
      cwd: process.cwd(),
      baseEnv: process.env,
      envName: typeof opts.env === 'string' ? opts.env : undefined,
      overrides,
    });
    for (const warning of warnings) process.stderr.write(`clmon: warning: ${warning}\n`);
    await startInDaemon(home, apps, metrics);
  });
}

/** Hand loaded apps to the home's daemon (started if none runs), wait for them to launch, print the table. */
export async function startInDaemon(home: string, apps: AppSpec[], metrics?: string): Promise<void> {
  const daemon = await daemonWithoutClash(home, apps, metrics);
  try {
    await daemon.start(apps);
    const wait = Math.min(MAX_LAUNCH_WAIT_MS, Math.max(...apps.map((a) => a.listenTimeout)) + 1000);
    await settle([daemon], wait, new Set(apps.map((a) => a.name)));
    showTable((await daemon.snapshot(false)).apps, false);
  } finally {
    await daemon.close();
  }
}

/** The daemon client, after checking no `clmon run` of the home already runs one of these names. */
async function daemonWithoutClash(home: string, apps: AppSpec[], metrics: string | undefined): Promise<ControlClient> {
  const { discoverSupervisors } = await import('../daemon/discover.js');
  const { clients } = await discoverSupervisors(home);
  const daemon = clients.find((c) => c.hello.kind === 'daemon');
  try {
    for (const run of clients.filter((c) => c !== daemon)) {
      const running = new Set((await run.snapshot(false)).apps.map((a) => a.name));
      const clash = apps.find((app) => running.has(app.name));
      if (clash) {
        throw new UserError(
          `app "${clash.name}" already runs in ${clientLabel(run)} of home ${home}; stop it there first, or start this one under another --name`,
        );
      }
    }
  } catch (err) {
    await daemon?.close();
    throw err;
  } finally {
    await Promise.all(clients.filter((c) => c !== daemon).map((c) => c.close()));
  }
  const { ensureDaemon } = await import('../daemon/spawn-daemon.js');
  const client = daemon ?? (await ensureDaemon(home, { metrics }));
  const running = client.hello.metrics ?? null;
  if (metrics !== undefined && running !== metrics) {
    await client.close();
    const how = running ? `with --metrics ${running}` : 'without --metrics';
    throw new UserError(
      `the daemon of home ${home} already runs ${how}; --metrics ${metrics} applies only when \`clmon start\` starts the daemon (stop it first with \`clmon kill\`)`,
    );
  }
  return client;
}

/** `--metrics` as the daemon will report it (`127.0.0.1:9100`); a bad value is an exit 2 here. */
async function metricsSetting(value: unknown): Promise<string | undefined> {
  if (typeof value !== 'string') return undefined;
  const { formatMetricsAddress, parseMetricsAddress } = await import('../endpoint/metrics-address.js');
  return formatMetricsAddress(parseMetricsAddress(value));
}
