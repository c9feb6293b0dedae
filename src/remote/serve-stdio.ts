// `clmon serve --stdio` (docs/cli.md#many-hosts): the control protocol on stdin/stdout, for the supervisors of
// this home, so that any transport the operator already trusts (ssh, kubectl exec) can carry it
// and nothing of clmon listens on the network. It starts nothing: with no supervisor it says so
// on stderr and exits 1 (the other end shows that reason and retries). It ends when stdin closes,
// and exits 1 when a supervisor it serves goes away (the other end reconnects and sees what is left).
import { Duplex } from 'node:stream';
import { RuntimeError } from '../errors.js';
import type { ControlClient } from '../daemon/control-client.js';
import { ServerConnection } from '../daemon/server-connection.js';
import type { Controller } from '../model/controller.js';
import { HomeController } from './home-controller.js';

export interface ServeStdioOptions {
  home: string;
  /** The supervisors of the home, connected (at least one). */
  clients: ControlClient[];
  stdin?: NodeJS.ReadableStream & { destroy?: () => void };
  stdout?: NodeJS.WritableStream;
}

/** Serve until stdin closes (resolves) or a supervisor goes away (rejects with a RuntimeError). */
export async function serveStdio(opts: ServeStdioOptions): Promise<void> {
  const { clients, home } = opts;
  const daemon = clients.find((c) => c.hello.kind === 'daemon');
  const controller: Controller = clients.length === 1 ? clients[0]! : new HomeController(clients);
  const stream = Duplex.from({ readable: opts.stdin ?? process.stdin, writable: opts.stdout ?? process.stdout });
  const first = daemon ?? clients[0]!;
  let lost: string | undefined;
  let ending = false;
  const done = new Promise<void>((resolve) => {
    const stdin = opts.stdin ?? process.stdin;
    stdin.once('end', resolve);
    stdin.once('close', resolve);
    stream.once('close', resolve);
    stream.once('error', () => resolve());
    for (const client of clients) {
      client.onClose(() => {
        if (ending) return;
        lost ??= `lost the connection to ${client.hello.kind === 'daemon' ? 'the daemon' : `clmon run (pid ${client.hello.pid})`} of home ${home}: it stopped or was killed`;
        resolve();
      });
    }
  });
  const connection = new ServerConnection(stream, {
    controller,
    kind: first.hello.kind,
    home,
    onKill: daemon ? () => daemon.kill() : undefined,
    log: (message) => process.stderr.write(`clmon serve: ${message}\n`),
    hello: { pid: first.hello.pid, supervisors: clients.length },
  });
  await done;
  ending = true;
  await Promise.race([connection.end(), new Promise((resolve) => setTimeout(resolve, 500).unref())]);
  await Promise.all(clients.map((c) => c.close()));
  // an open stdin would keep the process alive after a supervisor went away
  stream.destroy();
  (opts.stdin ?? process.stdin).destroy?.();
  if (lost) throw new RuntimeError(lost);
}
