// Scenario 3: crash recovery. SIGKILL one worker of a 2-worker group, then probe on fresh
// connections back to back until a process other than the killed one answers as that slot:
// the time a replacement needs to be spawned, boot and take traffic in the killed slot.
import { Clmon } from '../lib/clmon.mjs';
import { parseAnswer, probe } from '../lib/http-probe.mjs';
import { Pm2 } from '../lib/pm2.mjs';
import { killPid, sleep } from '../lib/proc.mjs';
import { waitOnline, waitServing } from '../lib/serving.mjs';
import { fmtSummary, summarize } from '../lib/stats.mjs';

const PORTS = { clmon: 29121, pm2: 29122 };
const GIVE_UP_MS = 30_000;
const PROBE_EVERY_MS = 2;

export const scenario = {
  id: 'crash',
  title: '3. Crash recovery (SIGKILL one of 2 workers)',
  ports: Object.values(PORTS),
  run,
};

async function run(ctx) {
  const systems = { clmon: new Clmon(ctx, 'crash'), pm2: new Pm2(ctx, 'crash') };
  for (const [name, sys] of Object.entries(systems)) {
    await sys.start(ctx.apps.http, 'web', { instances: 2, flags: ['--wait-ready'], env: { BENCH_PORT: String(PORTS[name]) } });
  }
  // At least 3 kills per system even in --quick: one kill is a single, noisy sample.
  const kills = Math.max(3, ctx.runs);
  const times = { clmon: [], pm2: [] };
  for (let k = 0; k < kills; k++) {
    for (const name of k % 2 === 0 ? ['clmon', 'pm2'] : ['pm2', 'clmon']) {
      const ms = await killAndTime(systems[name], `http://127.0.0.1:${PORTS[name]}/`, String(k % 2));
      times[name].push(ms);
      ctx.log(`  kill ${k + 1}/${kills} ${name.padEnd(5)} slot ${k % 2}: ${Number.isFinite(ms) ? `${ms.toFixed(0)} ms` : 'no replacement within 30 s'}`);
    }
  }
  await Promise.all(Object.values(systems).map((sys) => sys.dispose()));

  const row = (label, xs) => [label, fmtSummary(summarize(xs)), `${xs.filter(Number.isFinite).length}/${xs.length}`];
  return {
    description: `Default restart settings (no restart delay) and \`--wait-ready\`; the killed worker had been up for more than min_uptime. Time from SIGKILL until a new process answers HTTP as the killed slot (NODE_APP_INSTANCE), a new probe on a fresh connection every 2 ms (each may take up to 2 s, so a probe stuck on the dead worker holds up no other); ${kills} kills per supervisor, slots alternating.`,
    tables: [{ headers: ['supervisor', 'time to a replacement answering (ms)', 'recovered'], rows: [row('clmon', times.clmon), row('PM2', times.pm2)] }],
    goals: [],
  };
}

/**
 * SIGKILL the worker in `slot`; ms until another pid answers as that slot (Infinity if none).
 * Probes start every PROBE_EVERY_MS, each on its own connection, without waiting for the one
 * before: a connection the cluster primary handed to the dead worker just hangs, and must not
 * hold up the probes that follow it.
 */
async function killAndTime(sys, url, slot) {
  const workers = await waitOnline(sys, 'web', 2);
  await waitServing(url, 2);
  // A worker younger than min_uptime (1 s, both) would count as an unstable run.
  await sleep(1500);
  const victim = workers.find((w) => w.slot === slot);
  if (!victim) throw new Error(`no worker in slot ${slot}: ${JSON.stringify(workers)}`);
  const t0 = process.hrtime.bigint();
  killPid(victim.pid, 'SIGKILL');
  let recoveredMs = Infinity;
  const inFlight = new Set();
  const deadline = Date.now() + GIVE_UP_MS;
  while (recoveredMs === Infinity && Date.now() < deadline) {
    const p = probe(url, 2000)
      .then(({ body }) => {
        const answer = parseAnswer(body);
        if (answer && answer.slot === slot && answer.pid !== victim.pid) {
          recoveredMs = Math.min(recoveredMs, Number(process.hrtime.bigint() - t0) / 1e6);
        }
      })
      .catch(() => {}) // refused, reset or hung while the group heals: the next probe is on its way
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
    await sleep(PROBE_EVERY_MS);
  }
  await Promise.all(inFlight);
  return recoveredMs;
}
