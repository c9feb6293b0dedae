// A worker in a restart loop: it starts, and a moment later an exception nobody catches ends it
// (exit code 1). With exp_backoff_restart_delay the restarts slow down; after max_restarts
// unstable runs in a row clmon gives up on it (errored) and says why. Each crash leaves Node's
// diagnostic report, so the detail view shows the error, the frame it came from and the heap.
console.log(`crashy starting (pid ${process.pid})`);

function connectToDatabase() {
  throw new Error('connect ECONNREFUSED 127.0.0.1:5432 (database is down)');
}

setTimeout(connectToDatabase, 300);
