// The drain helper, loaded into cluster workers with `--require` (SPEC §4.4).
//
// Why: since Node 19, `server.close()` destroys idle keep-alive sockets at once. A client that
// has just sent a request on such a socket gets a reset, so an unmodified server loses requests
// on every reload. Here `close()` stops accepting at once, answers every request still arriving
// on open connections with `Connection: close`, and closes the idle ones only after a grace
// period, by which time active keep-alive clients have moved to another worker.
import http = require('node:http');
import https = require('node:https');
import net = require('node:net');
import tls = require('node:tls');

const GRACE_MS = Number(process.env.CLMON_DRAIN_GRACE_MS) || 500;
const draining = Symbol('clmon.draining');

type Tracked = http.Server & { [draining]?: boolean };

function closeAfterResponse(res: http.ServerResponse): void {
  // shouldKeepAlive is what the response writer reads to pick `Connection: close`.
  (res as unknown as { shouldKeepAlive: boolean }).shouldKeepAlive = false;
  if (!res.headersSent) res.setHeader('Connection', 'close');
}

function patchClose(proto: { close: (...args: unknown[]) => unknown }, baseClose: (...args: unknown[]) => unknown): void {
  proto.close = function (this: Tracked, ...args: unknown[]) {
    if (!this[draining]) {
      this[draining] = true;
      // Nothing is added to the request path before a drain starts: serving costs the same.
      // Responses in flight now keep their keep-alive; the next request on that connection
      // arrives here and gets `Connection: close`.
      this.prependListener('request', (_req: http.IncomingMessage, res: http.ServerResponse) => closeAfterResponse(res));
      const timer = setTimeout(() => this.closeIdleConnections(), GRACE_MS);
      // Don't hold the process open for this timer if every connection is already gone.
      timer.unref();
      this.once('close', () => clearTimeout(timer));
    }
    return baseClose.apply(this, args);
  };
}

patchClose(http.Server.prototype as never, net.Server.prototype.close as never);
patchClose(https.Server.prototype as never, tls.Server.prototype.close as never);
