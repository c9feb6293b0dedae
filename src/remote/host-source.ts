// One host reached through --via (docs/cli.md#many-hosts), for ls, describe and logs: the control client over
// `<prefix> clmon serve --stdio`, as a SocketSource whose apps carry `host`.
import type { ControlClient } from '../daemon/control-client.js';
import type { Snapshot } from '../model/types.js';
import { SocketSource } from '../sources/socket-source.js';

export class HostSource extends SocketSource {
  override readonly label: string;

  constructor(
    client: ControlClient,
    readonly host: string,
  ) {
    super(client);
    this.label = `host ${host}`;
  }

  override async snapshot(detail = false): Promise<Snapshot> {
    return tagHost(await super.snapshot(detail), this.host);
  }
}

/** The snapshot with `host` on every app. */
export function tagHost(snapshot: Snapshot, host: string): Snapshot {
  return { ...snapshot, apps: snapshot.apps.map((app) => ({ ...app, host })) };
}
