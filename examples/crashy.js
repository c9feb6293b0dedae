// A worker in a restart loop: it starts, complains on stderr, and exits with code 3 after a
// short while. With exp_backoff_restart_delay the restarts slow down; after max_restarts
// unstable runs in a row clmon gives up on it (errored) and says why.
console.log(`crashy starting (pid ${process.pid})`);
setTimeout(() => {
  console.error('Error: connect ECONNREFUSED 127.0.0.1:5432 (database is down)');
  console.error('    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16)');
  process.exit(3);
}, 300);
