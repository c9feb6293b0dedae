// `clmon attach --read-only` (docs/cli.md#many-hosts, for any attach): the same view with every action
// disabled. Each capability carries the reason, so a key press says why instead of acting; the
// action methods refuse too, so nothing can slip through.
import { UserError } from '../errors.js';
import type { LogQuery, SupervisorEvent } from '../model/controller.js';
import type { FollowOptions, Source, SourceCapabilities } from '../model/source.js';
import type { DiagnosticResult, LogLine, ReloadResult, Snapshot } from '../model/types.js';

export const READ_ONLY_REASON = 'this is a read-only attach (--read-only): actions are disabled';

const READ_ONLY: SourceCapabilities = {
  start: READ_ONLY_REASON,
  delete: READ_ONLY_REASON,
  restart: READ_ONLY_REASON,
  reload: READ_ONLY_REASON,
  scale: READ_ONLY_REASON,
  stopStart: READ_ONLY_REASON,
  kill: READ_ONLY_REASON,
  diagnostics: READ_ONLY_REASON,
};

export class ReadOnlySource implements Source {
  readonly capabilities = READ_ONLY;
  readonly kind: Source['kind'];
  readonly label: string;

  constructor(private readonly inner: Source) {
    this.kind = inner.kind;
    this.label = `${inner.label} (read-only)`;
  }

  snapshot(detail?: boolean): Promise<Snapshot> {
    return this.inner.snapshot(detail);
  }

  logs(query: LogQuery): Promise<LogLine[]> {
    return this.inner.logs(query);
  }

  subscribe(listener: (event: SupervisorEvent) => void, options?: FollowOptions): () => void {
    return this.inner.subscribe(listener, options);
  }

  onLost(listener: (message: string) => void): void {
    this.inner.onLost(listener);
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  start = refuse<void>();
  restart = refuse<void>();
  reload = refuse<ReloadResult>();
  scale = refuse<number>();
  stop = refuse<void>();
  delete = refuse<void>();
  kill = refuse<void>();
  diagnose = refuse<DiagnosticResult>();
}

function refuse<T>(): () => Promise<T> {
  return async () => {
    throw new UserError(READ_ONLY_REASON);
  };
}
