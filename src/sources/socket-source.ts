// The Source of one of clmon's own supervisors (the daemon or a `clmon run`) over its control
// socket (docs/cli.md#where-a-command-looks): everything works as in `run`; detailed snapshots come pushed by the
// subscription, so the UI's pulls cost no round trip.
import type { ControlClient } from '../daemon/control-client.js';
import { tildePath } from '../home.js';
import type { SupervisorEvent } from '../model/controller.js';
import type { FollowOptions } from '../model/source.js';
import type { Snapshot } from '../model/types.js';
import { SupervisorSource } from './supervisor-source.js';

export class SocketSource extends SupervisorSource<ControlClient> {
  private closing = false;

  constructor(client: ControlClient) {
    const home = tildePath(client.hello.home);
    super(client, client.hello.kind, client.hello.kind === 'daemon' ? `daemon ${home}` : `run pid ${client.hello.pid} ${home}`);
  }

  /** The connection (handshake facts, socket path, the daemon-only kill). */
  get client(): ControlClient {
    return this.controller;
  }

  override snapshot(detail = false): Promise<Snapshot> {
    const pushed = detail ? this.controller.latestSnapshot() : undefined;
    return pushed ? Promise.resolve(pushed) : this.controller.snapshot(detail);
  }

  override subscribe(listener: (event: SupervisorEvent) => void, options: FollowOptions = {}): () => void {
    return this.controller.subscribeWith({ snapshots: options.snapshots }, listener);
  }

  override onLost(listener: (message: string) => void): void {
    this.controller.onClose(() => {
      if (!this.closing) {
        const { hello } = this.controller;
        const who = hello.kind === 'daemon' ? `the daemon of home ${hello.home}` : `clmon run (pid ${hello.pid})`;
        listener(`lost the connection to ${who}: it stopped or was killed`);
      }
    });
  }

  /** Detach: the group keeps running. */
  override close(): Promise<void> {
    this.closing = true;
    return this.controller.close();
  }
}
