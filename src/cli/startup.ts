// `clmon startup [systemd] [--user] [--install]` and `clmon unstartup [--user]` (docs/cli.md#save---force--resurrect---update-env): print
// (or install) a systemd unit that runs this home's daemon in the foreground with --resurrect, so
// the apps saved with `clmon save` come back after a reboot. The unit names absolute paths of this
// very node and clmon, and the PATH of the invoking shell.
import { execFileSync } from 'node:child_process';
import { accessSync, constants, mkdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import type { Command } from 'commander';
import { messageOf, RuntimeError, UserError } from '../errors.js';
import { homeOf } from './context.js';

/** ms of a graceful stop when nothing is known of the apps: PM2's kill_timeout plus the drain. */
const DEFAULT_STOP_MS = 1600 + 5000;

interface StartupOptions {
  user?: boolean;
  install?: boolean;
}

/** Register `startup` and `unstartup`. */
export function registerStartup(program: Command): void {
  program
    .command('startup')
    .argument('[platform]', 'the init system: systemd (the only one)', 'systemd')
    .description("print a systemd unit that starts this home's daemon at boot and resurrects the saved apps")
    .option('--user', 'a unit of your own systemd user instance (~/.config/systemd/user), no root needed')
    .option('--install', 'write the unit and run systemctl daemon-reload and enable')
    .action(async (platform: string, opts: StartupOptions, self: Command) => {
      if (platform !== 'systemd') throw new UserError(`startup platform "${platform}" is not supported; use systemd (the only one clmon writes units for)`);
      const home = homeOf(self);
      const { systemdUnit, versionManagerOf } = await import('../startup/systemd-unit.js');
      const node = realpathSync(process.execPath);
      const clmon = realpathSync(process.argv[1]!);
      for (const path of [node, clmon]) {
        const manager = versionManagerOf(path);
        if (manager) {
          process.stderr.write(
            `clmon: warning: ${path} lives under ${manager}; the unit will break when ${manager} upgrades or removes this node version (pm2#2006). ` +
              'Install node system-wide (or point a stable symlink at it) and run `clmon startup` again.\n',
          );
        }
      }
      const scope = opts.user ? 'user' : 'system';
      const unit = systemdUnit({
        node,
        clmon,
        home,
        user: userInfo().username,
        path: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
        longestStopMs: await longestStop(home),
        scope,
      });
      if (!opts.install) {
        process.stdout.write(unit);
        process.stderr.write(
          `clmon: to install it: clmon startup${opts.user ? ' --user' : ''} --install${self.optsWithGlobals().home ? ` --home ${home}` : ''}\n`,
        );
        return;
      }
      const path = unitPath(scope);
      try {
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, unit, { mode: 0o644 });
      } catch (err) {
        throw cannotWrite(path, err, scope);
      }
      process.stdout.write(`wrote ${path}\n`);
      systemctl(scope, [['daemon-reload'], ['enable', unitName(scope)]]);
      process.stdout.write(
        `the daemon of home ${home} now starts at ${scope === 'user' ? 'login (loginctl enable-linger for boot)' : 'boot'} and resurrects the apps of \`clmon save\`\n`,
      );
    });

  program
    .command('unstartup')
    .argument('[platform]', 'the init system: systemd', 'systemd')
    .description('remove the unit that `clmon startup --install` wrote')
    .option('--user', 'the unit of your systemd user instance')
    .action((platform: string, opts: StartupOptions) => {
      if (platform !== 'systemd') throw new UserError(`startup platform "${platform}" is not supported; use systemd`);
      const scope = opts.user ? 'user' : 'system';
      const path = unitPath(scope);
      if (!exists(path)) {
        process.stdout.write(`no clmon unit installed at ${path}; nothing to remove\n`);
        return;
      }
      systemctl(scope, [['disable', unitName(scope)]], false);
      try {
        rmSync(path);
      } catch (err) {
        throw cannotWrite(path, err, scope);
      }
      process.stdout.write(`removed ${path}\n`);
      systemctl(scope, [['daemon-reload']], false);
    });
}

function unitName(scope: 'system' | 'user'): string {
  return scope === 'user' ? 'clmon.service' : `clmon-${userInfo().username}.service`;
}

function unitPath(scope: 'system' | 'user'): string {
  return scope === 'user' ? join(homedir(), '.config/systemd/user', unitName(scope)) : join('/etc/systemd/system', unitName(scope));
}

function cannotWrite(path: string, err: unknown, scope: 'system' | 'user'): RuntimeError {
  const why = messageOf(err);
  const hint = scope === 'system' ? '; run it as root (sudo), or use --user for a unit of your own systemd user instance' : '';
  return new RuntimeError(`cannot write ${path} (${why})${hint}`);
}

/** Run systemctl if there is one; else print the commands. A failure (no systemd running) is exit 1. */
function systemctl(scope: 'system' | 'user', commands: string[][], strict = true): void {
  const prefix = scope === 'user' ? ['--user'] : [];
  const lines = commands.map((args) => `systemctl ${[...prefix, ...args].join(' ')}`);
  if (!onPath('systemctl')) {
    process.stdout.write(`no systemctl here; run:\n${lines.map((l) => `  ${l}\n`).join('')}`);
    return;
  }
  for (const [i, args] of commands.entries()) {
    try {
      execFileSync('systemctl', [...prefix, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
      process.stdout.write(`ran ${lines[i]}\n`);
    } catch (err) {
      const stderr = String((err as { stderr?: Buffer }).stderr ?? '').trim() || messageOf(err);
      const rest = lines
        .slice(i)
        .map((l) => `  ${l}\n`)
        .join('');
      if (!strict) return void process.stderr.write(`clmon: warning: ${lines[i]} failed: ${stderr}\n`);
      throw new RuntimeError(`${lines[i]} failed: ${stderr}\nonce systemd runs, run:\n${rest}`.trimEnd());
    }
  }
}

/** The longest graceful stop (drain + kill_timeout) among the dump's and the running daemon's apps. */
async function longestStop(home: string): Promise<number> {
  const stops: number[] = [DEFAULT_STOP_MS];
  const { dumpPath, readDump } = await import('../dump/dump-file.js');
  try {
    for (const app of readDump(dumpPath(home))) stops.push(stopMs(app));
  } catch {
    // no dump (yet): the defaults, and the running daemon's apps below
  }
  try {
    const { probeSocket } = await import('../daemon/socket-probe.js');
    const { homePaths } = await import('../home.js');
    const socket = homePaths(home).daemonSocket;
    if ((await probeSocket(socket)) === 'alive') {
      const { connectControl } = await import('../daemon/control-client.js');
      const client = await connectControl(socket);
      try {
        for (const app of await client.specs()) stops.push(stopMs(app));
      } finally {
        await client.close();
      }
    }
  } catch {
    // a daemon that does not answer adds nothing
  }
  return Math.max(...stops);
}

function stopMs(app: { killTimeout?: number; drainTimeout?: number; execMode?: string }): number {
  return (app.killTimeout ?? 1600) + (app.execMode === 'cluster' ? (app.drainTimeout ?? 5000) : 0);
}

function onPath(command: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => dir !== '' && exists(join(dir, command), constants.X_OK));
}

function exists(path: string, mode = constants.F_OK): boolean {
  try {
    accessSync(path, mode);
    return true;
  } catch {
    return false;
  }
}
