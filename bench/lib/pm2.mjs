// PM2 (the devDependency) driven through its own CLI, always in a temporary PM2_HOME of this
// run, never the user's: start, jlist, reload, and `pm2 kill` at cleanup (then SIGKILL by pid).
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { onCleanup } from './cleanup.mjs';
import { isAlive, killPid, runChecked, runCommand, waitExit } from './proc.mjs';

export class Pm2 {
  /** A fresh PM2_HOME under the run's temp dir; the daemon starts with the first command. */
  constructor(ctx, label) {
    this.ctx = ctx;
    this.home = join(ctx.tmpRoot, `pm2-${label}`);
    mkdirSync(this.home, { recursive: true });
    this.bin = join(ctx.repoRoot, 'node_modules', 'pm2', 'bin', 'pm2');
    this.dispose = onCleanup(`pm2 kill (${label})`, () => this.kill());
  }

  env(extra = {}) {
    return { ...process.env, PM2_HOME: this.home, ...extra };
  }

  /** The argv that runs `pm2 <args>` (for timing a whole CLI process). */
  argv(args) {
    return [process.execPath, [this.bin, ...args]];
  }

  /** pm2 <args>, failing on a non-zero exit. */
  run(args, { env, timeoutMs = 60_000 } = {}) {
    return runChecked(process.execPath, [this.bin, ...args], { env: this.env(env), timeoutMs });
  }

  /** pm2 start script --name name [-i n] [extra flags], with `env` added to the apps' env. */
  async start(script, name, { instances, flags = [], env = {} } = {}) {
    const args = ['start', script, '--name', name, ...(instances ? ['-i', String(instances)] : []), ...flags];
    await this.run(args, { env });
  }

  /** Parsed `pm2 jlist`. */
  async jlist() {
    const { stdout } = await this.run(['jlist']);
    return JSON.parse(stdout.slice(stdout.indexOf('[')));
  }

  /** Workers of app `name`: [{slot, pid, status, restarts}], slot from NODE_APP_INSTANCE. */
  async workers(name) {
    return (await this.jlist())
      .filter((p) => p.name === name)
      .map((p) => ({
        slot: String(p.pm2_env.NODE_APP_INSTANCE ?? p.pm2_env.pm_id),
        pid: p.pid,
        status: p.pm2_env.status,
        restarts: p.pm2_env.restart_time,
      }));
  }

  /** `pm2 reload name` (rolling, honouring the app's --wait-ready). */
  reload(name) {
    return this.run(['reload', name], { timeoutMs: 120_000 });
  }

  /** The God daemon's pid, from PM2_HOME/pm2.pid. */
  daemonPid() {
    return Number(readFileSync(join(this.home, 'pm2.pid'), 'utf8').trim());
  }

  /** Files of app `name`'s stdout log (PM2 writes one per instance in cluster mode). */
  outLogs(name) {
    const dir = join(this.home, 'logs');
    return readdirSync(dir)
      .filter((f) => f.startsWith(`${name}-out`) && f.endsWith('.log'))
      .map((f) => join(dir, f));
  }

  /** `pm2 kill`; if the daemon survives, SIGKILL by pid. */
  async kill() {
    let pid;
    try {
      pid = this.daemonPid();
    } catch {
      return; // never started
    }
    await runCommand(process.execPath, [this.bin, 'kill'], { env: this.env(), timeoutMs: 60_000 }).catch(() => {});
    if (isAlive(pid) && !(await waitExit(pid, 5000))) killPid(pid, 'SIGKILL');
  }
}
