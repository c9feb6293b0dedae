// The README's first command: the demo ecosystem starts, both web workers log, and HTTP requests
// are answered by both pids. (PORT is free-chosen here; the demo's default is 3000.)
import { resolve } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { clmonSpawn, type Running } from '../helpers/cli.js';
import { freePort, get } from '../helpers/net.js';
import { isAlive, killAll } from '../helpers/processes.js';
import { tmpHome } from '../helpers/tmp-home.js';
import { waitFor } from '../helpers/wait-for.js';

const root = resolve(import.meta.dirname, '..', '..');
let run: Running | undefined;
let cleanup = (): void => {};
afterEach(() => cleanup());

it('clmon run examples/ecosystem.config.js: both web workers log and answer', async () => {
  const home = tmpHome();
  const port = await freePort();
  run = clmonSpawn(['run', 'examples/ecosystem.config.js', '--no-tui', '--home', home.dir], {
    cwd: root,
    env: { ...process.env, PORT: String(port) },
  });
  const pids = (): number[] => [...run!.output().matchAll(/\(pid (\d+)\)/g)].map((m) => Number(m[1]));
  cleanup = () => {
    killAll([run!.child.pid, ...pids()]);
    home.remove();
  };
  await waitFor(() => /web#0 \| listening on/.test(run!.output()) && /web#1 \| listening on/.test(run!.output()), {
    what: `both web workers listening\n${run.output()}\n${run.errors()}`,
  });
  const seen = new Set<number>();
  await waitFor(
    async () => {
      const { body } = await get(port);
      seen.add(body.pid);
      return seen.size === 2;
    },
    { what: 'answers from both web pids' },
  );
  // The other demo apps run too: the crash loop is visible.
  await waitFor(() => /crashy#0 ! Error: connect ECONNREFUSED/.test(run!.output()), { what: 'crashy stderr' });
  const workers = pids();
  run.child.kill('SIGTERM');
  expect(await run.exited).toBe(0);
  expect(workers.filter(isAlive)).toEqual([]);
});
