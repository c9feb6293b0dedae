// The configuration view of a foreign group (docs/cli.md#attach detail view: env, config): what /proc says
// about its primary, its command line, working directory and environment. Best effort: a process
// of another user shows its command line only (cwd and environ are private to their owner).
import { readFile, readlink } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { AppConfigView } from '../../model/types.js';
import { splitNodeArgv } from './process-tree.js';

/** The primary's command, cwd and environment, or undefined when /proc tells nothing. */
export async function readProcessConfig(pid: number): Promise<AppConfigView | undefined> {
  const [cmdline, cwd, environ] = await Promise.all([
    readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => null),
    readlink(`/proc/${pid}/cwd`).catch(() => ''),
    readFile(`/proc/${pid}/environ`, 'utf8').catch(() => null),
  ]);
  if (cmdline === null) return undefined;
  const argv = cmdline.split('\0').filter((a) => a !== '');
  if (argv.length === 0) return undefined;
  return { ...command(argv, cwd), cwd, settings: {}, env: environ === null ? {} : parseEnviron(environ) };
}

/** `node [node args] script [args]`, or any other executable with its arguments. */
function command(argv: string[], cwd: string): Pick<AppConfigView, 'script' | 'args' | 'interpreter' | 'nodeArgs'> {
  const node = splitNodeArgv(argv);
  if (!node) return { script: argv[0]!, args: argv.slice(1), interpreter: 'none (an executable)', nodeArgs: [] };
  const script = node.script && cwd ? resolve(cwd, node.script) : (node.script ?? '');
  return { script, args: node.args, interpreter: argv[0]!, nodeArgs: node.nodeArgs };
}

/** NUL-separated `KEY=value` entries; an entry without `=` is skipped. */
export function parseEnviron(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const entry of text.split('\0')) {
    const eq = entry.indexOf('=');
    if (eq > 0) env[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return env;
}
