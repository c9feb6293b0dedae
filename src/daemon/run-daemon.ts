// The daemon of one home, wherever it runs: detached by `clmon start` (daemon-main.ts) or in the
// foreground by `clmon daemon` (systemd, containers; docs/cli.md#save---force--resurrect---update-env). It owns a Supervisor, serves it
// on `<home>/sock/daemon.sock`, logs to stderr, and on SIGTERM/SIGINT or `clmon kill` stops every
// app gracefully and exits 0.
import { dumpPath, readDump } from '../dump/dump-file.js';
import { ClmonError, messageOf } from '../errors.js';
import { ensureHome, resolveHome } from '../home.js';
import { Supervisor } from '../supervisor/supervisor.js';
import { serveControlSocket, type ControlServer } from './control-server.js';
import { acquireDaemonLock } from './daemon-lock.js';
import { parseMetricsAddress } from '../endpoint/metrics-address.js';
import type { MetricsServer } from '../endpoint/metrics-server.js';

export interface DaemonOptions {
  home: string;
  /** Start the apps of `<home>/dump.json` first; no dump yet = start empty and say so. */
  resurrect?: boolean;
  /** `--metrics [host:]port`: serve /metrics, /healthz, /readyz there (docs/supervision.md#metrics-endpoint). */
  metrics?: string;
}

/** Serve until stopped; resolves once the daemon is up (the process exits when it stops). */
export async function runDaemon(opts: DaemonOptions): Promise<void> {
  const home = resolveHome(opts.home);
  const paths = ensureHome(home);
  // a bad value is an exit 2 before anything starts
  const metricsAddress = opts.metrics === undefined ? undefined : parseMetricsAddress(opts.metrics);
  // A foreground daemon under systemd has no terminal; a detached one has its own session.
  // Either way a stray SIGHUP must not end the group.
  process.on('SIGHUP', () => {});

  const lock = acquireDaemonLock(paths);
  if (!lock.acquired) {
    log(`another daemon (pid ${lock.heldBy}) already serves home ${home}; exiting`);
    process.exit(0);
  }

  const supervisor = new Supervisor({ home, source: 'daemon' });
  // What the operator must see later (a log file that fails, a worker given up on) goes to the log.
  supervisor.subscribe((event) => {
    if (event.type === 'notice') log(`${event.level}: ${event.message}`);
  });
  let metrics: MetricsServer | undefined;
  try {
    if (metricsAddress) metrics = await (await import('../endpoint/metrics-server.js')).serveMetrics(supervisor, metricsAddress);
  } catch (err) {
    await supervisor.shutdown();
    lock.release();
    throw err;
  }
  let server: ControlServer | undefined;
  let stopping: Promise<void> | undefined;
  const stop = (why: string): Promise<void> =>
    (stopping ??= (async () => {
      log(`${why}: stopping every app gracefully`);
      await supervisor.shutdown();
      await server?.close();
      await metrics?.close();
      lock.release();
      log('stopped');
    })());

  try {
    server = await serveControlSocket(supervisor, {
      socketPath: paths.daemonSocket,
      kind: 'daemon',
      home,
      log,
      metrics: metrics?.address,
      onKill: async () => {
        await supervisor.shutdown();
        // The kill reply is written in the microtask after this resolves; closing the server in
        // a later macrotask lets socket.end() flush it to the waiting `clmon kill`.
        setTimeout(() => void stop('kill request').then(() => process.exit(0)), 0);
      },
    });
  } catch (err) {
    await supervisor.shutdown();
    await metrics?.close();
    lock.release();
    throw err;
  }

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => void stop(signal).then(() => process.exit(0)));
  }
  // The daemon outlives any single mistake: report it and keep supervising.
  process.on('uncaughtException', (err) => log(`uncaught exception: ${err.stack ?? err.message}`));
  process.on('unhandledRejection', (err) => log(`unhandled rejection: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`));
  log(`daemon pid ${process.pid} serving home ${home} on ${paths.daemonSocket}${metrics ? `, metrics on http://${metrics.address}/metrics` : ''}`);
  if (opts.resurrect) await resurrectInto(supervisor, home);
}

/** `--resurrect`: the dump's apps; a missing dump is no error (a unit installed before `save`). */
async function resurrectInto(supervisor: Supervisor, home: string): Promise<void> {
  const path = dumpPath(home);
  let apps;
  try {
    apps = readDump(path);
  } catch (err) {
    if (err instanceof ClmonError && err.code === 'no-dump') {
      log(`no dump at ${path} yet: starting with no apps (save them with \`clmon save\`)`);
      return;
    }
    // A torn dump must not restart-loop the unit either: say what is wrong and serve empty.
    log(`not resurrecting: ${messageOf(err)}`);
    return;
  }
  try {
    await supervisor.start(apps);
    log(`resurrected ${apps.length} app(s) from ${path}: ${apps.map((a) => `${a.name} (${a.instances})`).join(', ')}`);
  } catch (err) {
    log(`resurrect from ${path} failed: ${messageOf(err)}`);
  }
}

export function log(message: string): void {
  process.stderr.write(`[${new Date().toISOString()}] clmon daemon: ${message}\n`);
}
