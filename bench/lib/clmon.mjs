// clmon (this checkout's bin/clmon.js, built into dist/) driven through its CLI, in a home of
// this run's temp dir: start, ls --json, reload, and `clmon kill` at cleanup (then SIGKILL).
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { onCleanup } from './cleanup.mjs';
import { isAlive, killPid, runChecked, runCommand, waitExit } from './proc.mjs';

export class Clmon {
  /** A fresh home under the run's temp dir; the daemon starts with the first `start`. */
  constructor(ctx, label) {
    this.ctx = ctx;
    this.home = join(ctx.tmpRoot, `clmon-${label}`);
    mkdirSync(this.home, { recursive: true });
    this.bin = join(ctx.repoRoot, 'bin', 'clmon.js');
    this.dispose = onCleanup(`clmon kill (${label})`, () => this.kill());
  }

  /** The argv that runs `clmon --home <home> <args>` (for timing a whole CLI process). */
  argv(args) {
    return [process.execPath, [this.bin, '--home', this.home, ...args]];
  }

  /** clmon <args> against this home, failing on a non-zero exit. */
  run(args, { env, timeoutMs = 60_000 } = {}) {
    return runChecked(process.execPath, [this.bin, '--home', this.home, ...args], {
      env: { ...process.env, ...env },
      timeoutMs,
    });
  }

  /** clmon start script --name name [-i n] [extra flags], with `env` added to the apps' env. */
  async start(script, name, { instances, flags = [], env = {} } = {}) {
    await this.run(['start', script, '--name', name, ...(instances ? ['-i', String(instances)] : []), ...flags], { env });
  }

  /** Parsed `clmon ls --json` (docs/json.md). */
  async ls() {
    const { stdout } = await this.run(['ls', '--json']);
    return JSON.parse(stdout);
  }

  /** Workers of app `name`: [{slot, pid, status, restarts}]. */
  async workers(name) {
    const app = (await this.ls()).apps.find((a) => a.name === name);
    return (app?.workers ?? []).map((w) => ({ slot: String(w.id), pid: w.pid, status: w.status, restarts: w.restarts }));
  }

  /** `clmon reload name` (rolling; exit 1 if it rolled back). */
  reload(name) {
    return this.run(['reload', name], { timeoutMs: 120_000 });
  }

  /** The daemon's pid, from <home>/daemon.pid. */
  daemonPid() {
    return Number(readFileSync(join(this.home, 'daemon.pid'), 'utf8').trim());
  }

  /** Files of app `name`'s stdout log: the live file and, with log rotation, the rotated ones. */
  outLogs(name) {
    const live = `${name}-out.log`;
    const dir = join(this.home, 'logs');
    const rotated = existsSync(dir)
      ? readdirSync(dir)
          .filter((f) => f.startsWith(`${live}.`) && !f.endsWith('.tmp'))
          .sort()
      : [];
    return [...rotated.map((f) => join(dir, f)), join(dir, live)];
  }

  /** `clmon kill`; if the daemon survives, SIGKILL by pid. */
  async kill() {
    const pidFile = join(this.home, 'daemon.pid');
    const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').trim()) : undefined;
    await runCommand(process.execPath, [this.bin, '--home', this.home, 'kill'], { timeoutMs: 60_000 }).catch(() => {});
    if (pid && isAlive(pid) && !(await waitExit(pid, 5000))) killPid(pid, 'SIGKILL');
  }
}
