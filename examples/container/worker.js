// A fork-mode queue worker: finishes the job in hand, then exits on SIGINT.
let stopping = false;
function work() {
  if (stopping) return process.exit(0);
  console.log('job done');
  setTimeout(work, 2000);
}
process.on('SIGINT', () => (stopping = true));
work();
