// Is anybody listening on a unix socket? Tells a live supervisor from the file a SIGKILLed one
// left behind, so stale files are removed and live ones are never stolen.
import { connect } from 'node:net';

export type SocketState = 'alive' | 'stale' | 'absent';

/** Try to connect: `alive` if accepted (or too slow to say: never remove a busy one), `stale` if refused, `absent` if no file. */
export function probeSocket(path: string, timeoutMs = 1000): Promise<SocketState> {
  return new Promise((resolve) => {
    const socket = connect(path);
    const done = (state: SocketState): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(state);
    };
    const timer = setTimeout(() => done('alive'), timeoutMs);
    socket.once('connect', () => done('alive'));
    socket.once('error', (err: NodeJS.ErrnoException) => done(err.code === 'ENOENT' ? 'absent' : 'stale'));
  });
}
