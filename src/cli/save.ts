// `clmon save [--force]` and `clmon resurrect [--update-env]` (docs/cli.md#save---force--resurrect---update-env): the daemon's apps to
// `<home>/dump.json` and back. Save refuses to overwrite a dump of apps with an empty list unless
// --force (pm2#1035); resurrect checks the whole dump before it starts anything.
import { safeText } from '../safe-text.js';
import type { Command } from 'commander';
import { RuntimeError } from '../errors.js';
import { homePaths } from '../home.js';
import type { AppSpec } from '../model/types.js';
import { homeOf } from './context.js';
import { settle } from './settle.js';
import { showTable } from './show-table.js';

/** Longest wait for resurrected workers to leave `launching` before the table is printed. */
const MAX_LAUNCH_WAIT_MS = 10_000;

/** Register `save` and `resurrect`. */
export function registerSave(program: Command): void {
  program
    .command('save')
    .description("write the daemon's apps (as started, current instance counts, full env) to <home>/dump.json")
    .option('--force', 'also overwrite a dump of apps with an empty list')
    .action(async (opts: { force?: boolean }, self: Command) => {
      const home = homeOf(self);
      const { dumpPath, dumpedAppCount, writeDump } = await import('../dump/dump-file.js');
      const daemon = await runningDaemon(home, 'nothing to save');
      let apps: AppSpec[];
      try {
        apps = await daemon.specs();
      } finally {
        await daemon.close();
      }
      const path = dumpPath(home);
      const previous = dumpedAppCount(path);
      if (apps.length === 0 && previous > 0 && !opts.force) {
        throw new RuntimeError(
          `the daemon of home ${home} runs no apps; not overwriting ${path}, which holds ${previous} app(s) (use --force to save the empty list)`,
        );
      }
      writeDump(path, apps);
      const what = apps.length === 0 ? 'no apps' : apps.map((a) => `${a.name} (${a.instances})`).join(', ');
      process.stdout.write(`saved ${apps.length} app(s) to ${path}: ${what}\n`);
    });

  program
    .command('resurrect')
    .description('start the daemon if needed and every app of <home>/dump.json that does not run yet')
    .option('--update-env', "overlay this shell's environment on the saved one")
    .action(async (opts: { updateEnv?: boolean }, self: Command) => {
      const home = homeOf(self);
      const { dumpPath, readDump } = await import('../dump/dump-file.js');
      // The whole dump is checked first: a torn one starts nothing (and no daemon).
      const saved = readDump(dumpPath(home));
      const apps = opts.updateEnv ? saved.map((app) => ({ ...app, env: overlay(app.env, process.env) })) : saved;
      const { ensureDaemon } = await import('../daemon/spawn-daemon.js');
      const daemon = await ensureDaemon(home);
      try {
        const running = new Set((await daemon.snapshot(false)).apps.map((a) => a.name));
        const missing = apps.filter((app) => !running.has(app.name));
        for (const app of apps.filter((a) => running.has(a.name))) process.stdout.write(`${safeText(app.name)} already runs\n`);
        if (missing.length > 0) {
          await daemon.start(missing);
          const wait = Math.min(MAX_LAUNCH_WAIT_MS, Math.max(...missing.map((a) => a.listenTimeout ?? 3000)) + 1000);
          await settle([daemon], wait, new Set(missing.map((a) => a.name)));
        }
        showTable((await daemon.snapshot(false)).apps, false);
      } finally {
        await daemon.close();
      }
    });
}

/** A client of the home's daemon; none running is a RuntimeError (exit 1) saying so. */
async function runningDaemon(home: string, consequence: string) {
  const { probeSocket } = await import('../daemon/socket-probe.js');
  const socket = homePaths(home).daemonSocket;
  if ((await probeSocket(socket)) !== 'alive') {
    throw new RuntimeError(`no daemon runs for home ${home}: ${consequence} (start apps with \`clmon start\`, or \`clmon resurrect\`)`);
  }
  const { connectControl } = await import('../daemon/control-client.js');
  return connectControl(socket);
}

function overlay(saved: Record<string, string>, current: NodeJS.ProcessEnv): Record<string, string> {
  const env = { ...saved };
  for (const [key, value] of Object.entries(current)) if (value !== undefined) env[key] = value;
  return env;
}
