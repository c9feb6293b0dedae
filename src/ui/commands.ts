// What the action keys do to the Source. Every outcome, unavailable, done or failed, ends up in
// the status line: nothing fails silently. A lookup table, one entry per command.
import type { Source, SourceCapabilities } from '../model/source.js';
import type { AppInfo, WorkerStatus } from '../model/types.js';
import { takeHeapSnapshot, takeProfile } from './diagnostics-commands.js';
import type { CommandName } from './ui-action.js';
import { messageOf } from '../errors.js';
import type { StoreHooks } from './store.js';

export interface CommandSubject {
  app: string;
  id: number;
  status: WorkerStatus;
}

interface CommandSpec {
  capability: keyof SourceCapabilities;
  /** "restart web:0", for the busy, failed and unavailable messages. */
  what(s: CommandSubject): string;
  /** Do it; resolves to the success message, or rejects. */
  run(source: Source, s: CommandSubject, store: StoreHooks): Promise<{ ok: boolean; text: string }>;
}

const worker = (s: CommandSubject): string => `${s.app}:${s.id}`;
const isDown = (s: CommandSubject): boolean => s.status === 'stopped' || s.status === 'errored';

const COMMANDS: Readonly<Record<CommandName, CommandSpec>> = {
  'restart-worker': {
    capability: 'restart',
    what: (s) => `restart ${worker(s)}`,
    run: async (source, s) => (await source.restart(worker(s)), { ok: true, text: `restarted ${worker(s)}` }),
  },
  'restart-app': {
    capability: 'restart',
    what: (s) => `restart ${s.app}`,
    run: async (source, s) => (await source.restart(s.app), { ok: true, text: `restarted every worker of ${s.app}` }),
  },
  'reload-app': {
    capability: 'reload',
    what: (s) => `reload ${s.app}`,
    run: async (source, s, store) => {
      const result = await source.reload(s.app, (p) => store.recordReload(p));
      store.finishReload(s.app, result);
      if (result.ok) return { ok: true, text: `reloaded ${s.app} without downtime (${result.replaced.length} replaced)` };
      return { ok: false, text: `reload of ${s.app} aborted: ${result.error ?? 'no reason given'}; the old workers keep serving` };
    },
  },
  'scale-up': {
    capability: 'scale',
    what: (s) => `scale ${s.app} +1`,
    run: async (source, s) => ({ ok: true, text: `${s.app} scaled to ${await source.scale(s.app, '+1')}` }),
  },
  'scale-down': {
    capability: 'scale',
    what: (s) => `scale ${s.app} -1`,
    run: async (source, s) => ({ ok: true, text: `${s.app} scaled to ${await source.scale(s.app, '-1')}` }),
  },
  'stop-start': {
    capability: 'stopStart',
    what: (s) => `${isDown(s) ? 'start' : 'stop'} ${worker(s)}`,
    run: async (source, s) => {
      if (isDown(s)) return (await source.restart(worker(s)), { ok: true, text: `started ${worker(s)}` });
      return (await source.stop(worker(s)), { ok: true, text: `stopped ${worker(s)}` });
    },
  },
  'kill-worker': {
    capability: 'kill',
    what: (s) => `SIGKILL ${worker(s)}`,
    run: async (source, s) => (await source.kill(worker(s)), { ok: true, text: `sent SIGKILL to ${worker(s)}` }),
  },
  'profile-worker': {
    capability: 'diagnostics',
    what: (s) => `profile ${worker(s)}`,
    run: (source, s, store) => takeProfile(source, worker(s), store),
  },
  'heapsnapshot-worker': {
    capability: 'diagnostics',
    what: (s) => `take a heap snapshot of ${worker(s)}`,
    run: (source, s, store) => takeHeapSnapshot(source, worker(s), store),
  },
};

/** The question asked before a command that needs it (a heap snapshot pauses the worker), or null. */
export function confirmQuestion(name: CommandName, app: AppInfo | null, id: number): string | null {
  if (name !== 'heapsnapshot-worker') return null;
  const target = `${app?.name ?? '?'}:${id}`;
  if (app?.mode === 'cluster') {
    const others = app.workers.filter((w) => w.id !== id && w.status === 'online').length;
    const rest =
      others === 0 ? '; no other worker serves meanwhile' : others === 1 ? '; the other worker keeps serving' : `; the other ${others} workers keep serving`;
    return `A heap snapshot pauses ${target} until V8 has written it: connections routed to it wait${rest}. Take it? y/n`;
  }
  return `A heap snapshot pauses ${target} until V8 has written it: it answers nothing meanwhile. Take it? y/n`;
}

/** Run a command on the selected worker (or its app) and report the outcome in the status line. */
export async function runCommand(name: CommandName, subject: CommandSubject | null, source: Source, store: StoreHooks): Promise<void> {
  const spec = COMMANDS[name];
  if (!subject) {
    store.setStatus('warn', 'no worker selected');
    return;
  }
  const what = spec.what(subject);
  const capability = source.capabilities[spec.capability];
  if (capability !== true) {
    store.setStatus('warn', `cannot ${what}: ${capability}`);
    return;
  }
  store.setStatus('busy', `${what}…`);
  try {
    const outcome = await spec.run(source, subject, store);
    store.setStatus(outcome.ok ? 'success' : 'error', outcome.text);
  } catch (err) {
    store.setStatus('error', `${what} failed: ${messageOf(err)}`);
  }
  store.refresh();
}
