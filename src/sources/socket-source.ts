// The Source of `clmon attach` to one of clmon's own supervisors (the daemon or a `clmon run`)
// over its control socket (SPEC §5.1): everything works as in `run`; snapshots come pushed by
// the subscription, so the UI's pulls cost no round trip.
import { homedir } from 'node:os';
import type { ControlClient } from '../daemon/control-client.js';
import type { SupervisorEvent } from '../model/controller.js';
import type { LogLine, ReloadProgress, ReloadResult, Snapshot, SourceKind, Target } from '../model/types.js';
import { SUPERVISOR_CAPABILITIES } from './local-source.js';
import type { Source } from '../model/source.js';

export class SocketSource implements Source {
  readonly capabilities = SUPERVISOR_CAPABILITIES;
  readonly kind: SourceKind;
  readonly label: string;
  private closing = false;

  constructor(private readonly client: ControlClient) {
    this.kind = client.hello.kind;
    const home = tildeHome(client.hello.home);
    this.label = this.kind === 'daemon' ? `daemon ${home}` : `run pid ${client.hello.pid} ${home}`;
  }

  subscribe(listener: (event: SupervisorEvent) => void): () => void {
    return this.client.subscribe(listener);
  }

  snapshot(): Promise<Snapshot> {
    const pushed = this.client.latestSnapshot();
    return pushed ? Promise.resolve(pushed) : this.client.snapshot(true);
  }

  recentLogs(lines: number): Promise<LogLine[]> {
    return this.client.logs({ lines });
  }

  restart(target: Target): Promise<void> {
    return this.client.restart(target);
  }

  reload(target: Target, onProgress?: (p: ReloadProgress) => void): Promise<ReloadResult> {
    return this.client.reload(target, onProgress);
  }

  scale(app: string, count: string): Promise<number> {
    return this.client.scale(app, count);
  }

  stop(target: Target): Promise<void> {
    return this.client.stop(target);
  }

  async kill(_target: Target): Promise<void> {
    throw new Error(this.capabilities.kill as string);
  }

  /** Detach: the group keeps running. */
  close(): Promise<void> {
    this.closing = true;
    return this.client.close();
  }

  /** Called once if the supervisor goes away (not when we detach), e.g. to end the TUI. */
  onLost(listener: (message: string) => void): void {
    this.client.onClose(() => {
      if (!this.closing) {
        const who = this.kind === 'daemon' ? `the daemon of home ${this.client.hello.home}` : `clmon run (pid ${this.client.hello.pid})`;
        listener(`lost the connection to ${who}: it stopped or was killed`);
      }
    });
  }
}

/** `/home/me/.clmon` → `~/.clmon` for the header. */
function tildeHome(path: string): string {
  const home = homedir();
  return path === home || path.startsWith(`${home}/`) ? `~${path.slice(home.length)}` : path;
}
