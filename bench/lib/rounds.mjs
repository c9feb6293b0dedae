// Throughput comparisons in rounds (the throughput and runtime-metrics scenarios): each round
// warms every system up with the same load, then measures each alone, in an order that changes
// from round to round, so that no system is always measured first, last or with a cold JIT; the
// ratios between systems are then taken inside each round, so the machine's drift cancels out.
import { runLoad } from './load.mjs';
import { fmtSummary, summarize } from './stats.mjs';

/** Where each system under test answers. */
export const localUrl = (port) => `http://127.0.0.1:${port}/`;

/** Seconds of load per measurement and per warm-up (shorter with --quick). */
export function loadSeconds(ctx) {
  return { seconds: ctx.quick ? 3 : 8, warmupS: ctx.quick ? 2 : 3 };
}

/**
 * Run `rounds` rounds over `systems` (names; `ports[name]` is where each listens) and return each
 * system's results, one a round. `orderOf(r)` is round r's measuring order; `beforeRound(r)`, if
 * given, runs first in every round (fresh workers, for one).
 */
export async function measureRounds(ctx, { systems, ports, connections, seconds, warmupS, rounds, orderOf, beforeRound }) {
  const load = (name, durationS) => runLoad({ url: localUrl(ports[name]), generator: ctx.generator, connections, durationS });
  const results = Object.fromEntries(systems.map((name) => [name, []]));
  for (let r = 0; r < rounds; r++) {
    if (beforeRound) await beforeRound(r);
    // Every system warm before any is measured: none is measured with a cold JIT.
    for (const name of systems) await load(name, warmupS);
    const order = orderOf(r);
    for (const name of order) {
      const result = await load(name, seconds);
      if (failed(result) > 0) ctx.log(`  note: ${name} round ${r + 1}: ${result.errors} errors, ${result.non2xx} non-2xx, ${result.timeouts} timeouts`);
      results[name].push(result);
    }
    ctx.log(`  round ${r + 1}/${rounds} (order ${order.join(', ')}): ${systems.map((n) => `${n} ${Math.round(results[n][r].rps)}`).join(', ')} req/s`);
  }
  return results;
}

/** A table row: label, req/s, p99 latency, the ratio cell, failed requests over all rounds. */
export function resultRow(label, results, ratioCell) {
  return [
    label,
    fmtSummary(summarize(results.map((x) => x.rps))),
    fmtSummary(summarize(results.map((x) => x.p99Ms)), 2),
    ratioCell,
    String(results.reduce((a, x) => a + failed(x), 0)),
  ];
}

function failed(result) {
  return result.errors + result.non2xx + result.timeouts;
}
