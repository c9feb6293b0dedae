// The link to one host of a many-hosts attach (docs/cli.md#many-hosts): connect through the prefix, follow
// the host's supervisors, and when the link is lost try again with exponential backoff while
// the other hosts carry on. The state (connected / reconnecting and why / failed) is published
// for the header; the reason is the command's own stderr when it has one. "failed" is a host
// never reached: retried with the same backoff (ssh may get through later), except when retrying
// cannot help (no such command, another protocol version): then it is given up on, and says so.
import type { ControlClient } from '../daemon/control-client.js';
import type { SupervisorEvent } from '../model/controller.js';
import type { HostLinkState } from '../model/types.js';
import { LinkError, openStdioLink, type StdioLink } from './stdio-link.js';
import type { ViaHost } from './via-prefix.js';
import { messageOf } from '../errors.js';

export interface HostLinkOptions {
  /** First retry delay; doubled per failed attempt up to maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** Recent log lines asked for with each (re)subscription. */
  backlogLines?: number;
  now?: () => number;
}

export interface HostLinkEvents {
  /** A supervisor event from the host (log lines with the host's own seq numbers). */
  event(event: SupervisorEvent, client: ControlClient): void;
  /** The link's state changed (connected, lost, retrying, given up). */
  state(): void;
}

export class HostLink {
  private current: StdioLink | undefined;
  private status: HostLinkState['state'] = 'connecting';
  private reason: string | undefined;
  private retryAt: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private failures = 0;
  private everConnected = false;
  private givenUp = false;
  private closed = false;
  private readonly opts: Required<HostLinkOptions>;

  constructor(
    readonly host: ViaHost,
    private readonly on: HostLinkEvents,
    options: HostLinkOptions = {},
  ) {
    this.opts = { backoffMs: 500, maxBackoffMs: 15_000, backlogLines: 1000, now: Date.now, ...options };
  }

  /** The connected client, if any. */
  get client(): ControlClient | undefined {
    return this.status === 'connected' ? this.current?.client : undefined;
  }

  /** The state for the header. */
  state(): HostLinkState {
    const state: HostLinkState = { label: this.host.label, state: this.status };
    if (this.reason !== undefined && this.status !== 'connected') state.reason = this.reason;
    if (this.retryAt !== undefined) state.retryInMs = Math.max(0, this.retryAt - this.opts.now());
    if (this.givenUp) state.givenUp = true;
    return state;
  }

  /** Start connecting (once). */
  start(): void {
    void this.attempt();
  }

  /** Stop: no more retries; the command is ended (its stdin closes, so serve exits). */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    await this.current?.client.close();
  }

  private async attempt(): Promise<void> {
    this.retryAt = undefined;
    let link: StdioLink;
    try {
      link = await openStdioLink(this.host);
    } catch (err) {
      if (this.closed) return;
      const permanent = err instanceof LinkError && err.permanent;
      this.lose(messageOf(err), permanent);
      return;
    }
    if (this.closed) {
      await link.client.close();
      return;
    }
    this.current = link;
    this.status = 'connected';
    this.reason = undefined;
    this.failures = 0;
    this.everConnected = true;
    const { client } = link;
    client.subscribeWith({ logLines: this.opts.backlogLines }, (event) => this.on.event(event, client));
    client.onClose(() => {
      if (this.closed || this.current !== link) return;
      this.current = undefined;
      // the command's exit says why (serve: "lost the connection to the daemon …"; ssh: its error)
      void Promise.race([link.exited, new Promise<string>((r) => setTimeout(() => r('the link closed'), 1500))]).then((why) => this.lose(why, false));
    });
    this.on.state();
  }

  private lose(why: string, permanent: boolean): void {
    if (this.closed) return;
    this.status = this.everConnected ? 'reconnecting' : 'failed';
    this.reason = why;
    if (permanent) {
      this.status = 'failed';
      this.givenUp = true;
      this.retryAt = undefined;
    } else {
      const wait = Math.min(this.opts.maxBackoffMs, this.opts.backoffMs * 2 ** this.failures++);
      this.retryAt = this.opts.now() + wait;
      this.timer = setTimeout(() => void this.attempt(), wait);
      this.timer.unref();
    }
    this.on.state();
  }
}
