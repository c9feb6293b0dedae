// The server that bench/per-request measures: an empty HTTP handler, with the worker helper's
// metrics module loaded (METRICS=1) or not. GET /exit ends it (for the valgrind count).
'use strict';
if (process.env.METRICS === '1') require(require('node:path').join(__dirname, '..', '..', 'dist', 'runtime', 'metrics.cjs'));
const http = require('node:http');

http
  .createServer((req, res) => {
    if (req.url === '/exit') {
      res.end();
      setTimeout(() => process.exit(0), 50);
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': 5 });
    res.end('hello');
  })
  .listen(Number(process.env.PORT), '127.0.0.1', () => console.log('listening'));
