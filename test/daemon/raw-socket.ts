// A raw control-socket peer for tests: send arbitrary bytes, read reply lines as they come.
import { connect, type Socket } from 'node:net';
import { waitFor } from './daemon-harness.js';

export class RawPeer {
  readonly lines: Record<string, unknown>[] = [];
  closed = false;
  private buffer = '';

  private constructor(readonly socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      let nl: number;
      while ((nl = this.buffer.indexOf('\n')) >= 0) {
        this.lines.push(JSON.parse(this.buffer.slice(0, nl)) as Record<string, unknown>);
        this.buffer = this.buffer.slice(nl + 1);
      }
    });
    socket.on('error', () => {});
    socket.on('close', () => (this.closed = true));
  }

  static open(path: string): Promise<RawPeer> {
    return new Promise((resolve, reject) => {
      const socket = connect(path);
      socket.once('connect', () => resolve(new RawPeer(socket)));
      socket.once('error', reject);
    });
  }

  send(data: string | Buffer): void {
    this.socket.write(data);
  }

  /** Wait for the n-th line (1-based) and return it. */
  async line(n: number): Promise<Record<string, unknown>> {
    await waitFor(() => this.lines.length >= n, 20_000, `reply line ${n} (have ${JSON.stringify(this.lines)})`);
    return this.lines[n - 1]!;
  }

  close(): void {
    this.socket.destroy();
  }
}
