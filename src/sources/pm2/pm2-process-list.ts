// PM2's list of processes as pm2_env objects, for `clmon import pm2`: from the live daemon of a
// PM2_HOME (through the existing link, which never starts a daemon) or from a dump.pm2 that
// `pm2 save` wrote. A missing or malformed dump is the user's mistake (exit 2), named with its path.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { messageOf, RuntimeError, UserError } from '../../errors.js';
import { openPm2Link } from './pm2-link.js';
import type { Pm2Env, Pm2Process } from './pm2-types.js';

/** The pm2_env of every process the daemon of `home` runs; a RuntimeError when no daemon answers. */
export async function pm2DaemonList(home: string): Promise<Pm2Env[]> {
  let link;
  try {
    link = await openPm2Link(
      home,
      () => {},
      () => {},
    );
  } catch (err) {
    if (!(err instanceof RuntimeError)) throw err;
    throw new RuntimeError(`${err.message}; or import what it saved: clmon import pm2 --dump ${join(home, 'dump.pm2')}`);
  }
  try {
    const list = await link.call<Pm2Process[]>('getMonitorData', [{}], 10_000);
    return (Array.isArray(list) ? list : []).map((proc) => proc.pm2_env).filter((env) => env && typeof env === 'object');
  } finally {
    link.close();
  }
}

/** The entries of a dump.pm2 (a JSON array of pm2_env objects), checked. */
export async function pm2DumpList(file: string): Promise<Pm2Env[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : `cannot read it (${code ?? String(err)})`;
    throw new UserError(`--dump ${file}: ${why}; give the dump.pm2 that \`pm2 save\` wrote (in PM2_HOME, by default ~/.pm2/dump.pm2)`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new UserError(`--dump ${file}: not a PM2 dump: invalid JSON (${messageOf(err)}); \`pm2 save\` writes a JSON array of processes`);
  }
  if (!Array.isArray(data)) throw new UserError(`--dump ${file}: not a PM2 dump: expected a JSON array of processes, found ${typeof data}`);
  data.forEach((entry: unknown, i) => {
    const env = entry as Pm2Env | null;
    if (!env || typeof env !== 'object' || typeof env.name !== 'string' || typeof env.pm_exec_path !== 'string') {
      throw new UserError(`--dump ${file}: entry #${i + 1} is not a PM2 process (it needs "name" and "pm_exec_path", as \`pm2 save\` writes them)`);
    }
  });
  return data as Pm2Env[];
}
