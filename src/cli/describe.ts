// `clmon describe <app|app:id>`: one app (or one worker) with exit history and crash context;
// `--json` prints the docs/json.md shape with `exits`, `restartInMs` and `reason`.
import type { Command } from 'commander';
import { UserError } from '../errors.js';
import { parseTarget } from '../model/targets.js';
import type { AppInfo } from '../model/types.js';
import { safeText } from '../safe-text.js';
import { useColor } from './color.js';
import { homeOf, print } from './context.js';
import { formatDescribe } from './format-describe.js';
import { appJson } from './json-shape.js';
import { withMembers } from './members.js';
import { routeTarget } from './route-target.js';
import { addViaOptions } from './via-options.js';
import { addSourceOptions, type SourceOptions } from './source-options.js';

/** Register `describe`. */
export function registerDescribe(program: Command): void {
  const cmd = program
    .command('describe')
    .argument('<target>', 'an app name or one worker as <app>:<id>')
    .description('one app or worker in detail: exit history, crash context')
    .option('--json', 'print JSON (docs/json.md, with exits)');
  addViaOptions(addSourceOptions(cmd)).action(async (target: string, opts: SourceOptions & { json?: boolean }, self: Command) => {
    if (target === 'all') throw new UserError('describe takes an app name or <app>:<id>, not all; `clmon ls` shows every app');
    await withMembers(homeOf(self), opts, async (members) => {
      // one supervisor, or (--via) the same app on every host that runs it
      const routed = await routeTarget(members, target);
      const apps = await Promise.all(routed.map(async (m) => pick((await m.snapshot(true)).apps, target)));
      if (opts.json) process.stdout.write(`${JSON.stringify({ apps: apps.map((app) => appJson(app, true)) })}\n`);
      else print(apps.flatMap((app) => [...(app.host !== undefined ? [`host ${safeText(app.host)}`] : []), ...formatDescribe(app, useColor())]));
    });
  });
}

/** The app (and worker) a target names, or a UserError listing what exists. */
function pick(apps: AppInfo[], target: string): AppInfo {
  const parsed = parseTarget(
    target,
    apps.map((a) => a.name),
  );
  if (parsed.kind === 'all') throw new UserError('describe takes an app name or <app>:<id>');
  const app = apps.find((a) => a.name === parsed.app)!;
  if (parsed.kind === 'app') return app;
  const worker = app.workers.find((w) => w.id === parsed.id);
  if (!worker) {
    throw new UserError(`${app.name} has no worker ${parsed.id} (ids: ${app.workers.map((w) => w.id).join(', ') || 'none'})`);
  }
  return { ...app, workers: [worker] };
}
