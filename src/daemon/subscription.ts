// One connection's subscription: forwards supervisor events, turning bursts of `changed` into
// at most one detailed snapshot per SNAPSHOT_INTERVAL_MS, so a busy supervisor costs a follower
// a bounded number of messages. Events are held until the subscribe reply has gone out.
import { messageOf } from '../errors.js';
import type { Controller, SupervisorEvent } from '../model/controller.js';
import type { LogLine, Snapshot } from '../model/types.js';
import type { WireEvent } from './protocol/messages.js';

export const SNAPSHOT_INTERVAL_MS = 100;

export interface SubscriptionStart {
  snapshot: Snapshot;
  logs: LogLine[];
}

export class Subscription {
  private unsubscribe: (() => void) | undefined;
  private held: SupervisorEvent[] | undefined = [];
  private lastSeq = -1;
  private dirty = false;
  private timer: NodeJS.Timeout | undefined;
  private snapshotting = false;
  private lastSnapshotAt = 0;
  private closed = false;

  constructor(
    private readonly controller: Controller,
    private readonly send: (event: WireEvent) => void,
    private readonly opts: { snapshots: boolean; detail: boolean },
  ) {}

  /** Subscribe first (so nothing falls between), then take the initial snapshot and log backlog. */
  async start(logLines: number): Promise<SubscriptionStart> {
    this.unsubscribe = this.controller.subscribe((event) => this.onEvent(event));
    const [snapshot, logs] = await Promise.all([
      this.controller.snapshot(this.opts.detail),
      logLines > 0 ? this.controller.logs({ lines: logLines }) : Promise.resolve([]),
    ]);
    this.lastSeq = logs.length > 0 ? logs[logs.length - 1]!.seq : -1;
    this.lastSnapshotAt = Date.now();
    return { snapshot, logs };
  }

  /** The subscribe reply is out: deliver what was held, then live. */
  activate(): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const event of held) this.onEvent(event);
  }

  close(): void {
    this.closed = true;
    this.unsubscribe?.();
    clearTimeout(this.timer);
  }

  private onEvent(event: SupervisorEvent): void {
    if (this.closed) return;
    if (this.held) {
      this.held.push(event);
      return;
    }
    if (event.type === 'changed') {
      if (this.opts.snapshots) this.markDirty();
    } else if (event.type === 'logs') {
      // Lines already sent in the backlog may arrive again in the first batch.
      const lines = event.lines[0] && event.lines[0].seq <= this.lastSeq ? event.lines.filter((l) => l.seq > this.lastSeq) : event.lines;
      if (lines.length > 0) this.send({ type: 'logs', lines });
    } else {
      this.send(event);
    }
  }

  private markDirty(): void {
    this.dirty = true;
    if (this.timer || this.snapshotting) return;
    const wait = Math.max(0, this.lastSnapshotAt + SNAPSHOT_INTERVAL_MS - Date.now());
    this.timer = setTimeout(() => void this.pushSnapshot(), wait);
  }

  private async pushSnapshot(): Promise<void> {
    this.timer = undefined;
    if (this.closed) return;
    this.dirty = false;
    this.snapshotting = true;
    try {
      const snapshot = await this.controller.snapshot(this.opts.detail);
      if (!this.closed) this.send({ type: 'snapshot', snapshot });
    } catch (err) {
      if (!this.closed) this.send({ type: 'notice', level: 'error', message: `snapshot failed: ${messageOf(err)}` });
    } finally {
      this.snapshotting = false;
      this.lastSnapshotAt = Date.now();
    }
    if (this.dirty) this.markDirty();
  }
}
