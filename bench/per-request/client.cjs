// Sends exactly N keep-alive GET requests (10 connections), then GET /exit: node client.cjs <port> <n>.
'use strict';
const http = require('node:http');
const [port, n] = [Number(process.argv[2]), Number(process.argv[3])];
const agent = new http.Agent({ keepAlive: true, maxSockets: 10 });
let sent = 0;
let done = 0;

function one() {
  if (sent >= n) return;
  sent++;
  http
    .get({ host: '127.0.0.1', port, path: '/', agent }, (res) => {
      res.resume();
      res.on('end', () => (++done === n ? finish() : one()));
    })
    .on('error', (err) => {
      console.error(err.message);
      process.exit(1);
    });
}

function finish() {
  http
    .get({ host: '127.0.0.1', port, path: '/exit', agent }, (res) => {
      res.resume();
      res.on('end', () => agent.destroy());
    })
    .on('error', () => {});
}

for (let i = 0; i < 10; i++) one();
