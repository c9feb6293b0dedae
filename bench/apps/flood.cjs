// The log-ingestion worker: once the go-file exists, write BENCH_LINES numbered lines to stdout
// as fast as console.log goes, then stay alive (an exit would be restarted and flood again).
// Line: "flood <slot> <seq, 7 digits> <40 x>" so a cut or merged line cannot pass the check.
'use strict';
const { existsSync } = require('node:fs');

const lines = Number(process.env.BENCH_LINES);
const goFile = process.env.BENCH_GO_FILE;
const slot = process.env.NODE_APP_INSTANCE ?? '0';
const pad = 'x'.repeat(40);

function flood() {
  for (let i = 0; i < lines; i++) {
    console.log(`flood ${slot} ${String(i).padStart(7, '0')} ${pad}`);
  }
}

const poll = setInterval(() => {
  if (!existsSync(goFile)) return;
  clearInterval(poll);
  flood();
}, 5);

setInterval(() => {}, 60_000);
process.on('SIGINT', () => process.exit(0));
