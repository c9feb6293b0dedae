// The benchmark's HTTP app, the same in every case: answers "<pid> <slot>" and nothing else.
// It does what the PM2 docs tell an app to do: say 'ready' once listening, close on SIGINT.
'use strict';
const http = require('node:http');

const port = Number(process.env.BENCH_PORT);
const slot = process.env.NODE_APP_INSTANCE ?? '-';
const body = `${process.pid} ${slot}`;

const server = http.createServer((req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
});

server.listen(port, '127.0.0.1', () => {
  if (process.send) process.send('ready');
});

process.on('SIGINT', () => {
  server.close(() => process.exit(0));
});
