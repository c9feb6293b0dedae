// HTTP load on 127.0.0.1 for a bounded time: wrk when installed (keep-alive by default, two
// threads), else node-load.mjs. Both report the same fields, and which one ran is recorded.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startProcess } from './proc.mjs';

const NODE_LOAD = fileURLToPath(new URL('./node-load.mjs', import.meta.url));

/** 'wrk' if the wrk binary runs here, else 'node'. */
export function detectGenerator() {
  const probe = spawnSync('wrk', ['-v'], { encoding: 'utf8' });
  return probe.error ? 'node' : 'wrk';
}

/** The version line of the generator, for the machine section. */
export function generatorVersion(generator) {
  if (generator !== 'wrk') return `node-load.mjs (bench/lib), Node ${process.version}`;
  const probe = spawnSync('wrk', ['-v'], { encoding: 'utf8' });
  return (probe.stdout || probe.stderr).split('\n')[0].trim();
}

/**
 * Start a load on `url`; returns {stop(), done}. Both resolve to the result:
 * {generator, requests, ok, non2xx, connectErrors, readErrors, writeErrors, errors, timeouts, seconds, rps, p99Ms}.
 * stop() ends it early (SIGINT: both generators then report what they counted).
 */
export function startLoad({ url, generator, connections = 50, durationS = 10, close = false, timeoutS = 2 }) {
  const { hostname } = new URL(url);
  if (hostname !== '127.0.0.1') throw new Error(`load only goes to 127.0.0.1, not ${hostname}`);
  const args =
    generator === 'wrk'
      ? ['-t2', `-c${connections}`, `-d${durationS}s`, `--timeout`, `${timeoutS}s`, '--latency', ...(close ? ['-H', 'Connection: close'] : []), url]
      : [
          NODE_LOAD,
          '--url',
          url,
          '--connections',
          String(connections),
          '--duration',
          String(durationS),
          '--timeout',
          String(timeoutS),
          ...(close ? ['--close'] : []),
        ];
  const proc = startProcess(generator === 'wrk' ? 'wrk' : process.execPath, args, { label: `load ${url}` });
  let stdout = '';
  let stderr = '';
  proc.child.stdout.on('data', (b) => (stdout = (stdout + b).slice(-65536)));
  proc.child.stderr.on('data', (b) => (stderr = (stderr + b).slice(-65536)));
  const done = proc.exited.then(({ code, signal }) => {
    if (code !== 0) throw new Error(`${generator} exited with ${code ?? signal}: ${(stderr || stdout).trim().slice(-500)}`);
    const raw = generator === 'wrk' ? parseWrk(stdout) : JSON.parse(stdout.trim().split('\n').pop());
    return finishResult(raw, generator);
  });
  done.catch(() => {});
  return {
    done,
    stop() {
      if (proc.child.exitCode === null) proc.child.kill('SIGINT');
      return done;
    },
  };
}

/** Run a load to its end. */
export function runLoad(options) {
  return startLoad(options).done;
}

function finishResult(raw, generator) {
  const errors = raw.connectErrors + raw.readErrors + raw.writeErrors;
  return { generator, ...raw, ok: raw.requests - raw.non2xx, errors, rps: raw.requests / raw.seconds };
}

/** wrk's text report → the common fields. */
export function parseWrk(text) {
  const num = (re) => Number(re.exec(text)?.[1] ?? 0);
  const done = /(\d+) requests in ([\d.]+)(us|ms|s|m),/.exec(text);
  if (!done) throw new Error(`unexpected wrk output: ${text.slice(0, 300)}`);
  const seconds = toMs(Number(done[2]), done[3]) / 1000;
  const sock = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(text);
  const p99 = /^\s*99%\s+([\d.]+)(us|ms|s|m)\s*$/m.exec(text);
  return {
    requests: Number(done[1]),
    non2xx: num(/Non-2xx or 3xx responses: (\d+)/),
    connectErrors: sock ? Number(sock[1]) : 0,
    readErrors: sock ? Number(sock[2]) : 0,
    writeErrors: sock ? Number(sock[3]) : 0,
    timeouts: sock ? Number(sock[4]) : 0,
    seconds,
    p99Ms: p99 ? toMs(Number(p99[1]), p99[2]) : NaN,
  };
}

function toMs(value, unit) {
  return value * { us: 0.001, ms: 1, s: 1000, m: 60_000 }[unit];
}
