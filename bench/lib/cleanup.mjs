// Everything the benchmark starts is undone here, newest first, whatever way the run ends:
// normal end, an error, Ctrl-C or SIGTERM. A final sweep finds any process still carrying this
// run's token in its environment and kills it by pid, so nothing is ever left running.
import { readdirSync, readFileSync } from 'node:fs';

const steps = [];
let running = null;
let aborting = false;

/** True once a signal or an internal error started the final cleanup: stop reporting. */
export function isAborting() {
  return aborting;
}

/**
 * Register an undo step (async allowed). Returns a function that runs it early (once); its
 * `cancel()` forgets the step without running it (the thing ended by itself).
 */
export function onCleanup(label, fn) {
  const step = { label, fn, done: false };
  steps.push(step);
  const forget = () => {
    step.done = true;
    const at = steps.indexOf(step);
    if (at >= 0) steps.splice(at, 1);
  };
  const runEarly = async () => {
    if (step.done) return;
    forget();
    await fn();
  };
  runEarly.cancel = forget;
  return runEarly;
}

/**
 * Run every registered step (newest first), then the token sweep; resolves to the pids the
 * sweep had to kill. A call while one is in progress joins it.
 */
export function runCleanup(token, log = () => {}) {
  running ??= (async () => {
    while (steps.length > 0) {
      const step = steps.pop();
      if (step.done) continue;
      step.done = true;
      try {
        await step.fn();
      } catch (err) {
        log(`cleanup "${step.label}" failed: ${err.message}`);
      }
    }
    const leaked = sweepToken(token);
    if (leaked.length > 0) log(`cleanup: killed ${leaked.length} leftover process(es) by pid: ${leaked.join(', ')}`);
    return leaked;
  })().finally(() => {
    running = null;
  });
  return running;
}

/** On Ctrl-C / SIGTERM / SIGHUP or an internal error: clean up, run `finalize`, then exit. */
export function installSignalCleanup(token, log, finalize = () => {}) {
  const codes = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };
  for (const [signal, code] of Object.entries(codes)) {
    process.on(signal, () => {
      aborting = true;
      log(`\n${signal}: stopping everything the benchmark started…`);
      void runCleanup(token, log)
        .then(finalize)
        .finally(() => process.exit(code));
    });
  }
  // A bug in the benchmark itself must not leave daemons behind either.
  for (const event of ['uncaughtException', 'unhandledRejection']) {
    process.on(event, (err) => {
      aborting = true;
      log(`\nbench: internal error: ${err?.stack ?? err}`);
      void runCleanup(token, log)
        .then(finalize)
        .finally(() => process.exit(1));
    });
  }
}

/** Pids (other than this one) whose environment holds BENCH_TOKEN=<token>, killed with SIGKILL. */
export function sweepToken(token) {
  const needle = `CLMON_BENCH_TOKEN=${token}`;
  const killed = [];
  for (const pid of tokenPids(needle)) {
    try {
      process.kill(pid, 'SIGKILL');
      killed.push(pid);
    } catch {
      // gone meanwhile
    }
  }
  return killed;
}

function tokenPids(needle) {
  const found = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      const environ = readFileSync(`/proc/${pid}/environ`, 'latin1');
      if (environ.split('\0').includes(needle)) found.push(pid);
    } catch {
      // exited, or not ours to read
    }
  }
  return found;
}
