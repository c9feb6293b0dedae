// Waiting for a group to be ready: every slot online in the supervisor's listing, and every
// slot answering HTTP (node:cluster round-robin spreads fresh connections over the workers).
import { isAlive, waitFor } from './proc.mjs';
import { parseAnswer, probe } from './http-probe.mjs';

/** Wait until `sys.workers(name)` lists `count` online workers with live pids; returns them. */
export function waitOnline(sys, name, count, timeoutMs = 30_000) {
  return waitFor(
    async () => {
      const workers = await sys.workers(name);
      const online = workers.filter((w) => w.status === 'online' && w.pid > 0 && isAlive(w.pid));
      return online.length === count ? online : undefined;
    },
    { timeoutMs, intervalMs: 200, what: `${count} online workers of "${name}"` },
  );
}

/** Wait until `url` has answered from each of the slots 0..count-1. */
export async function waitServing(url, count, timeoutMs = 30_000) {
  const seen = new Set();
  await waitFor(
    async () => {
      const answer = parseAnswer((await probe(url)).body);
      if (answer) seen.add(answer.slot);
      return seen.size >= count;
    },
    { timeoutMs, intervalMs: 20, what: `answers from ${count} slots at ${url}` },
  );
}
