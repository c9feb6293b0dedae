// `clmon reload <app|all>`: zero-downtime rolling reload (docs/supervision.md#reload), one progress line per
// step per slot; exit 1 if it had to stop (the old workers keep serving).
import { safeText } from '../safe-text.js';
import type { Command } from 'commander';
import { RuntimeError } from '../errors.js';
import type { ReloadProgress } from '../model/types.js';
import { showAll } from './actions.js';
import { homeOf } from './context.js';
import { withMembers } from './members.js';
import { routeTarget } from './route-target.js';
import { addSourceOptions, type SourceOptions } from './source-options.js';

const PHASES: Record<ReloadProgress['phase'], string> = {
  starting: 'starting a replacement',
  ready: 'replacement ready',
  'stopping-old': 'stopping the old worker',
  done: 'done',
  failed: 'FAILED',
  restarting: 'restarting (fork mode: reload = restart)',
};

/** Register `reload`. */
export function registerReload(program: Command): void {
  const cmd = program
    .command('reload')
    .argument('<target>', 'an app name or all')
    .description('zero-downtime rolling reload: one worker at a time, each replacement ready before the old one stops');
  addSourceOptions(cmd).action(async (target: string, opts: SourceOptions, self: Command) => {
    await withMembers(homeOf(self), opts, async (members) => {
      const replaced: string[] = [];
      for (const member of await routeTarget(members, target)) {
        const result = await member.reload(target, (p) => process.stdout.write(`${safeText(progressLine(p))}\n`));
        replaced.push(...result.replaced.map(String));
        if (!result.ok) {
          throw new RuntimeError(
            `reload of ${target} aborted: ${result.error ?? 'no reason given'}; the replacement was stopped and the old workers keep serving`,
          );
        }
      }
      process.stdout.write(`reloaded ${safeText(target)}: ${replaced.length} worker${replaced.length === 1 ? '' : 's'} replaced\n`);
      await showAll(members);
    });
  });
}

/** `web:0 replacement ready (pid 4242)` */
export function progressLine(p: ReloadProgress): string {
  // The pid is the replacement's: only worth showing once it is ready.
  const pid = p.pid && p.phase === 'ready' ? ` (pid ${p.pid})` : '';
  const message = p.message ? `: ${p.message}` : '';
  return `${p.app}:${p.id} ${PHASES[p.phase] ?? p.phase}${pid}${message}`;
}
