// The detached daemon of one home (docs/cli.md): `node dist/daemon/daemon-main.js --home <dir>`,
// started by `clmon start` (spawn-daemon.ts) with its stdout/stderr on `<home>/daemon.log`.
// The daemon itself is run-daemon.ts, shared with `clmon daemon` in the foreground.
import { stackOf, UserError } from '../errors.js';
import { log, runDaemon } from './run-daemon.js';

const homeArg = argValue('--home');
if (!homeArg) {
  log('usage: daemon-main.js --home <dir> (started by `clmon start`, not by hand)');
  process.exit(2);
}
runDaemon({ home: homeArg, metrics: argValue('--metrics') }).catch((err: unknown) => {
  // A bad setting (a taken --metrics port): its message alone, and exit 2 for `clmon start` to relay.
  if (err instanceof UserError) {
    log(err.message);
    process.exit(2);
  }
  log(`failed to start: ${stackOf(err)}`);
  process.exit(1);
});

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
