// A typical clustered HTTP app: answers with its pid and slot, says 'ready' once listening,
// and shuts down gracefully on clmon's 'shutdown' message or SIGINT.
const http = require('node:http');

const port = Number(process.env.PORT) || 3000;
const slot = process.env.NODE_APP_INSTANCE ?? '?';

const server = http.createServer((req, res) => {
  res.setHeader('Content-Type', 'application/json');
  res.end(JSON.stringify({ pid: process.pid, slot: Number(slot), url: req.url }) + '\n');
});

server.listen(port, () => {
  console.log(`listening on ${port} (pid ${process.pid}, slot ${slot})`);
  if (process.send) process.send('ready');
});

function shutdown(why) {
  console.log(`shutting down (${why})`);
  server.close(() => process.exit(0));
}
process.on('message', (msg) => msg === 'shutdown' && shutdown('shutdown message'));
process.on('SIGINT', () => shutdown('SIGINT'));
