// CPU time per request of the metrics module, without valgrind: two servers without the module
// and two with it, all loaded AT THE SAME MOMENT (one wrk each), so the machine's drift hits them
// alike; each server's utime+stime from /proc divided by its request count. Per round: the mean
// of the two "metrics" over the mean of the two "off"; then the median over the rounds. "off B"
// over "off A" shows the instrument's resolution (it was 1.01–1.08 on the shared 2-core machine).
// Linux only; needs wrk and `npm run build`.
//   node bench/per-request/cpu.mjs [rounds=12] [seconds=3]
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const rounds = Number(process.argv[2] ?? 12);
const seconds = Number(process.argv[3] ?? 3);
const server = fileURLToPath(new URL('./server.cjs', import.meta.url));
const variants = { 'off A': '0', 'metrics A': '1', 'off B': '0', 'metrics B': '1' };
const ticks = 100; // USER_HZ

const cpuSeconds = (pid) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / ticks;
};
const freePort = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
const wrk = (port, s) =>
  new Promise((resolve, reject) => {
    const w = spawn('wrk', ['-t1', '-c20', `-d${s}s`, `http://127.0.0.1:${port}/`]);
    let out = '';
    w.stdout.on('data', (d) => {
      out += d;
    });
    w.on('error', reject);
    w.on('close', () => resolve(Number(out.match(/(\d+) requests in/)?.[1] ?? Number.NaN)));
  });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const systems = [];
try {
  for (const [name, metrics] of Object.entries(variants)) {
    const port = await freePort();
    const child = spawn(process.execPath, [server], { env: { ...process.env, PORT: String(port), METRICS: metrics }, stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise((resolve) => child.stdout.once('data', resolve));
    systems.push({ name, port, child, perRequest: [] });
  }
  await Promise.all(systems.map((s) => wrk(s.port, 2))); // warm-up
  for (let r = 0; r < rounds; r++) {
    const before = systems.map((s) => cpuSeconds(s.child.pid));
    const counts = await Promise.all(systems.map((s) => wrk(s.port, seconds)));
    systems.forEach((s, i) => s.perRequest.push(((cpuSeconds(s.child.pid) - before[i]) / counts[i]) * 1e6));
  }
  const [offA, metricsA, offB, metricsB] = systems.map((s) => s.perRequest);
  for (const s of systems) console.log(`${s.name.padEnd(10)} ${median(s.perRequest).toFixed(2)} µs CPU per request (median of ${rounds} rounds)`);
  const cost = offA.map((_, i) => (metricsA[i] + metricsB[i]) / (offA[i] + offB[i]));
  const resolution = offA.map((x, i) => offB[i] / x);
  console.log(`metrics / off: ${median(cost).toFixed(3)} (rounds ${cost.map((x) => x.toFixed(2)).join(' ')})`);
  console.log(`off B / off A: ${median(resolution).toFixed(3)} (the instrument's resolution)`);
} finally {
  for (const s of systems) s.child.kill();
}
