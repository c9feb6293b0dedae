// The benchmark's ports (a fixed range, 29100-29199) must be free before anything starts:
// a port already taken would make the load hit someone else's server. The range lies below
// Linux's ephemeral ports (32768-60999), so the load's own client sockets never occupy it.
import net from 'node:net';

export const PORT_RANGE = { first: 29100, last: 29199 };

/** Throws naming every taken port if any of `ports` is in use on 127.0.0.1. */
export async function assertPortsFree(ports) {
  let taken = [];
  // Three looks a second apart: a port held for a moment (a closing socket) is not "taken".
  for (let attempt = 0; attempt < 3; attempt++) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 1000));
    taken = [];
    for (const port of ports) {
      if (port < PORT_RANGE.first || port > PORT_RANGE.last) throw new Error(`port ${port} is outside the bench range ${PORT_RANGE.first}-${PORT_RANGE.last}`);
      if (!(await canListen(port)) || (await answers(port))) taken.push(port);
    }
    if (taken.length === 0) return;
  }
  if (taken.length > 0) {
    throw new Error(
      `port(s) ${taken.join(', ')} on 127.0.0.1 already in use; the benchmark needs ${ports.join(', ')} free (stop whatever listens there, e.g. a previous run: see \`ss -ltnp\`)`,
    );
  }
}

function canListen(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

function answers(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.setTimeout(500);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}
