// Exit history of PM2 processes, built from pub.sock: PM2 announces each exit as a process:event
// `exit` (with the run's start time and status) and, just before, logs the code and signal on
// its own log:PM2 topic. PM2 sends the event twice for a stop (stopping, then stopped) and
// renames a reloaded process `_old_<id>`; both are folded here.
import type { ExitCause, ExitRecord } from '../../model/types.js';
import { instanceOf } from './pm2-processes.js';
import type { Pm2Env } from './pm2-types.js';
import { pushExit } from '../../model/exits.js';

/** How long an action's cause waits for its exit event. */
const CAUSE_TTL_MS = 60_000;
const SEEN_KEYS = 512;
const EXIT_LINE = /^App \[(.+):(.+?)\] exited with code \[(-?\d+)\] via signal \[(\w*)\]/;

export interface Pm2ExitEvent {
  process: Pm2Env;
  /** ms since the epoch */
  at: number;
}

export class Pm2ExitHistory {
  private readonly history = new Map<string, ExitRecord[]>();
  private readonly reasons = new Map<string, string>();
  private readonly causes = new Map<string, { cause: ExitCause; until: number }>();
  private readonly exitLines = new Map<string, { code: number; signal: string }>();
  private readonly seen = new Set<string>();

  /** clmon is about to stop this process for `cause`: its next exit is recorded as such. */
  expect(pmId: number, cause: ExitCause): void {
    this.causes.set(String(pmId), { cause, until: Date.now() + CAUSE_TTL_MS });
  }

  /** A line PM2 logged about itself (log:PM2); keeps the code and signal of an exit. */
  noteDaemonLine(text: string): void {
    const match = EXIT_LINE.exec(text);
    if (!match) return;
    if (this.exitLines.size > SEEN_KEYS) this.exitLines.clear();
    this.exitLines.set(`${match[1]}:${match[2]}`, { code: Number(match[3]), signal: match[4] ?? '' });
  }

  /** A process:event `exit`; returns the slot it was recorded for, or null if it was a repeat. */
  onExit(event: Pm2ExitEvent, slotOf: (pmId: number) => number | null, stderrTail: (app: string, id: number) => string[]): number | null {
    const env = event.process;
    const rawId = String(env.pm_id ?? '');
    const pmId = Number(rawId.replace(/^_old_/, ''));
    const app = env.name ?? '';
    const key = `${app}:${pmId}:${env.pm_uptime ?? ''}`;
    if (this.seen.has(key)) return null;
    this.remember(key);
    const id = instanceOf(env) ?? slotOf(pmId);
    if (id === null) return null;
    const cause = this.takeCause(pmId, env.status);
    const line = this.exitLines.get(`${app}:${rawId}`);
    this.exitLines.delete(`${app}:${rawId}`);
    const { code, signal } = codeAndSignal(line, env, cause);
    const record: ExitRecord = {
      at: new Date(event.at).toISOString(),
      code,
      signal,
      uptimeMs: env.pm_uptime ? Math.max(0, event.at - env.pm_uptime) : 0,
      cause,
      killed: signal === 'SIGKILL' && cause !== 'crash',
      stderrTail: stderrTail(app, id),
    };
    const list = this.history.get(`${app}:${id}`) ?? [];
    pushExit(list, record);
    this.history.set(`${app}:${id}`, list);
    return id;
  }

  /** A process:event `restart overlimit`: PM2 gave up on it. */
  onGaveUp(env: Pm2Env, slotOf: (pmId: number) => number | null): void {
    const id = instanceOf(env) ?? slotOf(Number(env.pm_id));
    if (id === null) return;
    const restarts = env.max_restarts ?? 16;
    const minUptime = env.min_uptime ?? 1000;
    this.reasons.set(`${env.name}:${id}`, `PM2 gave up: ${String(restarts)} unstable restarts (runs shorter than min_uptime ${String(minUptime)} ms)`);
  }

  /** Most recent first. */
  exits(app: string, id: number): ExitRecord[] {
    return this.history.get(`${app}:${id}`) ?? [];
  }

  reason(app: string, id: number): string | undefined {
    return this.reasons.get(`${app}:${id}`);
  }

  private takeCause(pmId: number, status: unknown): ExitCause {
    const expected = this.causes.get(String(pmId));
    this.causes.delete(String(pmId));
    if (expected && expected.until >= Date.now()) return expected.cause;
    // PM2 marks a process `stopping` only when asked to stop it (by `pm2 stop/restart/reload`).
    return status === 'stopping' ? 'manual' : 'crash';
  }

  private remember(key: string): void {
    if (this.seen.size >= SEEN_KEYS) this.seen.delete(this.seen.values().next().value!);
    this.seen.add(key);
  }
}

/**
 * PM2 reports `code || 0` and `signal || 'SIGINT'`, so a clean exit and a death by SIGINT look
 * alike. A non-zero code means no signal; another signal means no code; SIGINT is believed only
 * when PM2 itself was stopping the process (it stops with SIGINT).
 */
function codeAndSignal(line: { code: number; signal: string } | undefined, env: Pm2Env, cause: ExitCause): { code: number | null; signal: string | null } {
  if (!line) return { code: typeof env.exit_code === 'number' ? env.exit_code : null, signal: null };
  if (line.code !== 0) return { code: line.code, signal: null };
  if (line.signal && line.signal !== 'SIGINT') return { code: null, signal: line.signal };
  if (line.signal === 'SIGINT' && cause !== 'crash') return { code: null, signal: 'SIGINT' };
  return { code: 0, signal: null };
}
