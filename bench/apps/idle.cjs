// A worker that does nothing but stay alive: the monitoring-cost scenario watches 8 of them.
'use strict';
setInterval(() => {}, 60_000);
process.on('SIGINT', () => process.exit(0));
