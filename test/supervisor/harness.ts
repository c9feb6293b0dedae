// A real Supervisor in a private home, with every pid it ever spawned killed afterwards.
import { rmSync } from 'node:fs';
import { Supervisor } from '../../src/supervisor/supervisor.js';
import type { AppSpec, WorkerInfo } from '../../src/model/types.js';
import { killAll } from '../helpers/processes.js';
import { tmpHome } from '../helpers/tmp-home.js';
import { waitFor } from '../helpers/wait-for.js';
import { appSpec, fixture } from '../helpers/app-spec.js';
import { freePort, get } from '../helpers/net.js';

export interface Harness {
  sup: Supervisor;
  home: string;
  seenPids: Set<number>;
  workers(app: string): Promise<WorkerInfo[]>;
  worker(app: string, id: number): Promise<WorkerInfo>;
  waitWorker(app: string, id: number, check: (w: WorkerInfo) => boolean, what: string, timeoutMs?: number): Promise<WorkerInfo>;
  start(...specs: AppSpec[]): Promise<void>;
  close(): Promise<void>;
}

/** `homeDir`: a home at this path (removed by close) instead of a fresh temp one. */
export function harness(homeDir?: string): Harness {
  const home = homeDir ? { dir: homeDir, remove: () => rmSync(homeDir, { recursive: true, force: true }) } : tmpHome();
  const sup = new Supervisor({ home: home.dir, source: 'run', sampleMs: 500 });
  const seenPids = new Set<number>();
  const workers = async (app: string): Promise<WorkerInfo[]> => {
    const snap = await sup.snapshot(true);
    const found = snap.apps.find((a) => a.name === app)?.workers ?? [];
    for (const w of found) if (w.pid) seenPids.add(w.pid);
    return found;
  };
  const worker = async (app: string, id: number): Promise<WorkerInfo> => {
    const w = (await workers(app)).find((x) => x.id === id);
    if (!w) throw new Error(`no worker ${app}:${id}`);
    return w;
  };
  return {
    sup,
    home: home.dir,
    seenPids,
    workers,
    worker,
    waitWorker: (app, id, check, what, timeoutMs = 20_000) =>
      waitFor(
        async () => {
          const w = await worker(app, id);
          return check(w) ? w : null;
        },
        { what: `${app}:${id} ${what}`, timeoutMs },
      ),
    // The suite's leftover guard (test/setup/leftover-guard.ts) finds workers by this mark.
    start: (...specs) => sup.start(specs.map((spec) => ({ ...spec, env: { ...spec.env, CLMON_TEST_RUN: process.env.CLMON_TEST_RUN ?? '' } }))),
    async close() {
      await sup.shutdown();
      killAll(seenPids);
      home.remove();
    },
  };
}

/**
 * Start an HTTP app `web` in cluster mode on a free port (PORT) and wait until every worker is
 * online and the port answers; resolves to the port. The drain and reload tests share it.
 */
export async function startHttpCluster(
  h: Harness,
  { script, instances = 2, env = {}, spec = {} }: { script: string; instances?: number; env?: Record<string, string>; spec?: Partial<AppSpec> },
): Promise<number> {
  const port = await freePort();
  await h.start(
    appSpec({
      name: 'web',
      script: fixture(script),
      instances,
      execMode: 'cluster',
      env: { PATH: process.env.PATH!, PORT: String(port), ...env },
      // a loaded CI machine may take seconds to start a worker: only the abort tests want a short one
      listenTimeout: 10_000,
      ...spec,
    }),
  );
  await waitFor(async () => (await h.workers('web')).every((w) => w.status === 'online'), { what: 'web online' });
  await waitFor(async () => (await get(port)).status === 200, { what: 'web answering' });
  return port;
}
