// The graceful server of the reload scenario, with the shutdown handler PM2's docs teach: on
// 'shutdown' or SIGINT, server.close(cb), then server.closeIdleConnections(); exit in the callback.
// Answers "<pid> <slot>" like http-app.cjs.
'use strict';
const http = require('node:http');

const body = `${process.pid} ${process.env.NODE_APP_INSTANCE ?? '-'}`;
const server = http.createServer((req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
});
server.listen(Number(process.env.BENCH_PORT), '127.0.0.1');

function shutdown() {
  server.close(() => process.exit(0));
  server.closeIdleConnections();
}
process.on('message', (msg) => msg === 'shutdown' && shutdown());
process.on('SIGINT', shutdown);
