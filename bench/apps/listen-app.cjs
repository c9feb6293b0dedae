// The unmodified server of the reload scenario: it only calls listen, no shutdown code at all.
// Answers "<pid> <slot>" like http-app.cjs.
'use strict';
const http = require('node:http');

const body = `${process.pid} ${process.env.NODE_APP_INSTANCE ?? '-'}`;
http
  .createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  })
  .listen(Number(process.env.BENCH_PORT), '127.0.0.1');
