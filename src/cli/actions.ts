// `clmon restart|stop|delete <target>`: route the target to the supervisor that runs it, act,
// then show the table (as PM2 does).
import { safeText } from '../safe-text.js';
import type { Command } from 'commander';
import { homeOf } from './context.js';
import type { Source } from '../model/source.js';
import { withMembers } from './members.js';
import { routeTarget } from './route-target.js';
import { settle } from './settle.js';
import { showTable } from './show-table.js';
import { addSourceOptions, type SourceOptions } from './source-options.js';

/** Longest wait for restarted or added workers before the table is printed. */
export const SETTLE_MS = 5000;

interface Action {
  name: 'restart' | 'stop' | 'delete';
  argument: string;
  description: string;
  done: string;
  /** Available on PM2 / pid groups too. */
  external: boolean;
}

const ACTIONS: Action[] = [
  {
    name: 'restart',
    argument: '<app|app:id|all>',
    description: 'restart now (not zero-downtime; see reload); also starts stopped workers',
    done: 'restarted',
    external: true,
  },
  { name: 'stop', argument: '<app|app:id|all>', description: 'stop gracefully; the app stays listed as stopped', done: 'stopped', external: true },
  { name: 'delete', argument: '<app|all>', description: 'stop gracefully and forget', done: 'deleted', external: false },
];

/** Register `restart`, `stop` and `delete`. */
export function registerActions(program: Command): void {
  for (const action of ACTIONS) {
    const cmd = program.command(action.name).argument('<target>', action.argument).description(action.description);
    addSourceOptions(cmd, action.external).action(async (target: string, opts: SourceOptions, self: Command) => {
      await withMembers(homeOf(self), opts, async (members) => {
        for (const member of await routeTarget(members, target)) await member[action.name](target);
        process.stdout.write(`${action.done} ${safeText(target)}\n`);
        if (action.name === 'restart')
          await settle(
            members.map((m) => m),
            SETTLE_MS,
          );
        await showAll(members);
      });
    });
  }
}

/** The table of every member after an action. */
export async function showAll(members: Source[]): Promise<void> {
  const snapshots = await Promise.all(members.map((m) => m.snapshot(false)));
  showTable(
    snapshots.flatMap((s) => s.apps),
    members.length > 1,
  );
}
