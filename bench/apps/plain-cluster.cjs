// The baseline: a plain node:cluster primary (round-robin, Node's default on Linux) running
// BENCH_WORKERS copies of http-app.cjs, as a hand-written cluster manager would.
'use strict';
const cluster = require('node:cluster');
const path = require('node:path');

const count = Number(process.env.BENCH_WORKERS) || 2;
cluster.setupPrimary({ exec: path.join(__dirname, 'http-app.cjs') });

const workers = [];
for (let i = 0; i < count; i++) {
  workers.push(cluster.fork({ NODE_APP_INSTANCE: String(i) }));
}

let online = 0;
for (const worker of workers) {
  worker.on('listening', () => {
    online += 1;
    if (online === count) process.stdout.write('plain-cluster: all workers listening\n');
  });
}

function stop() {
  for (const worker of workers) worker.process.kill('SIGINT');
  setTimeout(() => process.exit(0), 2000).unref();
  cluster.on('exit', () => {
    if (Object.keys(cluster.workers).length === 0) process.exit(0);
  });
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
