// The background daemon of one home (SPEC §2): `node dist/daemon/daemon-main.js --home <dir>`,
// started detached by `clmon start` (spawn-daemon.ts). It owns a Supervisor and serves it on
// `<home>/sock/daemon.sock` until `clmon kill`, SIGTERM or SIGINT. Its stdout/stderr are
// `<home>/daemon.log`.
import { ensureHome, resolveHome } from '../home.js';
import { Supervisor } from '../supervisor/supervisor.js';
import { serveControlSocket, type ControlServer } from './control-server.js';
import { acquireDaemonLock } from './daemon-lock.js';

main().catch((err: unknown) => {
  log(`failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exit(1);
});

async function main(): Promise<void> {
  const homeArg = argValue('--home');
  if (!homeArg) {
    log('usage: daemon-main.js --home <dir> (started by `clmon start`, not by hand)');
    process.exit(2);
  }
  const home = resolveHome(homeArg);
  const paths = ensureHome(home);
  // Detached in its own session already; a stray SIGHUP must still not end the group.
  process.on('SIGHUP', () => {});

  const lock = acquireDaemonLock(paths);
  if (!lock.acquired) {
    log(`another daemon (pid ${lock.heldBy}) already serves home ${home}; exiting`);
    process.exit(0);
  }

  const supervisor = new Supervisor({ home, source: 'daemon' });
  let server: ControlServer | undefined;
  let stopping: Promise<void> | undefined;
  const stop = (why: string): Promise<void> =>
    (stopping ??= (async () => {
      log(`${why}: stopping every app gracefully`);
      await supervisor.shutdown();
      await server?.close();
      lock.release();
      log('stopped');
    })());

  try {
    server = await serveControlSocket(supervisor, {
      socketPath: paths.daemonSocket,
      kind: 'daemon',
      home,
      log,
      onKill: async () => {
        await supervisor.shutdown();
        // The kill reply is written in the microtask after this resolves; closing the server in
        // a later macrotask lets socket.end() flush it to the waiting `clmon kill`.
        setTimeout(() => void stop('kill request').then(() => process.exit(0)), 0);
      },
    });
  } catch (err) {
    await supervisor.shutdown();
    lock.release();
    throw err;
  }

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => void stop(signal).then(() => process.exit(0)));
  }
  // The daemon outlives any single mistake: report it and keep supervising.
  process.on('uncaughtException', (err) => log(`uncaught exception: ${err.stack ?? err.message}`));
  process.on('unhandledRejection', (err) => log(`unhandled rejection: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`));
  log(`daemon pid ${process.pid} serving home ${home} on ${paths.daemonSocket}`);
}

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function log(message: string): void {
  process.stderr.write(`[${new Date().toISOString()}] clmon daemon: ${message}\n`);
}
