// `clmon import pm2 [--dump <file>] [--out <file>] [--force] [--start]` (docs/configuration.md): a way off PM2.
// Reads the live PM2 daemon of PM2_HOME (never starting one) or its dump.pm2, writes an ecosystem
// file clmon runs the same way, and with --start hands it to this home's daemon, so that a box
// moves in two commands: `clmon import pm2 --start`, then `pm2 kill`.
import { renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { messageOf, RuntimeError, UserError } from '../errors.js';
import { homeOf } from './context.js';

const DEFAULT_OUT = 'ecosystem.config.js';

interface ImportOptions {
  dump?: string;
  out?: string;
  force?: boolean;
  start?: boolean;
}

/** Register `import` with its one source, `pm2`. */
export function registerImport(program: Command): void {
  program
    .command('import')
    .description('write an ecosystem file from another process manager')
    .command('pm2')
    .description('write an ecosystem file from the live PM2 daemon of PM2_HOME (never started by this) or from its dump.pm2')
    .option('--dump <file>', 'read this dump.pm2 (written by `pm2 save`) instead of the live daemon')
    .option('--out <file>', `the file to write (default ./${DEFAULT_OUT})`)
    .option('--force', 'overwrite --out if it exists')
    .option('--start', 'then start the written file in the daemon of this home, as `clmon start` would')
    .action(async (opts: ImportOptions, self: Command) => {
      const home = homeOf(self);
      const out = resolve(process.cwd(), opts.out ?? DEFAULT_OUT);
      checkOut(out, opts.out ?? DEFAULT_OUT, opts.force === true);
      const { resolvePm2Home } = await import('../sources/pm2/pm2-link.js');
      const { pm2DaemonList, pm2DumpList } = await import('../sources/pm2/pm2-process-list.js');
      const { ecosystemFromPm2 } = await import('../config/ecosystem-from-pm2.js');
      const pm2Home = resolvePm2Home();
      const dump = opts.dump === undefined ? undefined : resolve(process.cwd(), opts.dump);
      const envs = dump ? await pm2DumpList(dump) : await pm2DaemonList(pm2Home);
      const origin = dump ? `the PM2 dump ${dump}` : `the PM2 daemon of PM2_HOME=${pm2Home}`;
      const { text, apps } = ecosystemFromPm2(envs, { origin, pm2Home: dump ? dirname(dump) : pm2Home, currentEnv: process.env });
      if (apps.length === 0) throw new UserError(`${origin} has no apps to import (start some with pm2, or give --dump <file>)`);
      writeOut(out, text, opts.force === true);
      const shown = relative(process.cwd(), out).startsWith('..') ? out : relative(process.cwd(), out);
      const list = apps.map((a) => `${a.name} (${a.mode} x${a.instances})`).join(', ');
      process.stdout.write(`wrote ${shown} from ${origin}: ${list}\n`);
      if (!opts.start) {
        process.stdout.write(`next: clmon start ${shown}, then stop PM2's copies with: pm2 kill\n`);
        return;
      }
      const { loadApps } = await import('../config/load-apps.js');
      const loaded = await loadApps(out, { cwd: process.cwd(), baseEnv: process.env, overrides: {} });
      for (const warning of loaded.warnings) process.stderr.write(`clmon: warning: ${warning}\n`);
      const { startInDaemon } = await import('./start.js');
      await startInDaemon(home, loaded.apps);
      process.stdout.write("next: stop PM2's copies with: pm2 kill\n");
    });
}

/** Before anything is read: the directory must exist, and an existing file is kept unless --force. */
function checkOut(out: string, given: string, force: boolean): void {
  const dir = dirname(out);
  if (!isDirectory(dir)) throw new UserError(`--out ${given}: directory ${dir} does not exist; create it first, or choose another --out`);
  if (isDirectory(out)) throw new UserError(`--out ${given}: ${out} is a directory; give a file name such as ${resolve(out, DEFAULT_OUT)}`);
  if (!force && exists(out)) throw new UserError(`--out ${given}: ${out} exists; pass --force to overwrite it, or choose another --out`);
}

/** 0600 (the env may hold secrets), whole or not at all: a temp file renamed over the target. */
function writeOut(out: string, text: string, force: boolean): void {
  const tmp = resolve(dirname(out), `.${basename(out)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, text, { mode: 0o600, flag: 'wx' });
    if (!force && exists(out)) throw new UserError(`--out ${out}: it appeared while importing; pass --force to overwrite it`);
    renameSync(tmp, out);
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {
      // not written
    }
    if (err instanceof UserError) throw err;
    throw new RuntimeError(`--out ${out}: cannot write it (${(err as NodeJS.ErrnoException).code ?? messageOf(err)})`);
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}
