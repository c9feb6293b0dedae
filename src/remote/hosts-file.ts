// `clmon attach --hosts <file>` (docs/cli.md#many-hosts): one `label = prefix` per line; blank lines and lines
// starting with `#` are ignored. Every mistake names the file and the line (exit 2).
import { readFileSync } from 'node:fs';
import { messageOf, UserError } from '../errors.js';
import { viaHost, type ViaHost } from './via-prefix.js';

/** Read and parse a hosts file; an unreadable or malformed file is a UserError (exit 2). */
export function readHostsFile(path: string): ViaHost[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UserError(`--hosts ${path}: cannot read it (${(err as NodeJS.ErrnoException).code ?? messageOf(err)}); give a file of "label = prefix" lines`);
  }
  return parseHostsFile(text, path);
}

/** The hosts of a file's text, in file order. */
export function parseHostsFile(text: string, path: string): ViaHost[] {
  const hosts: ViaHost[] = [];
  const seen = new Map<string, number>();
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const where = `${path} line ${index + 1}`;
    const eq = line.indexOf('=');
    const label = eq === -1 ? '' : line.slice(0, eq).trim();
    const prefix = eq === -1 ? '' : line.slice(eq + 1).trim();
    if (eq === -1 || label === '' || prefix === '') {
      throw new UserError(`${where}: "${line.slice(0, 80)}" is not "label = prefix" (e.g. "web-1 = ssh web-1.example.com")`);
    }
    if (/[\s/]/.test(label)) throw new UserError(`${where}: the label "${label}" has a space or a "/"; use a short name such as web-1`);
    if (seen.has(label)) throw new UserError(`${where}: the label "${label}" is already used on line ${seen.get(label)}; labels must differ`);
    seen.set(label, index + 1);
    hosts.push(viaHost(prefix, where, label));
  }
  if (hosts.length === 0) throw new UserError(`${path}: no hosts in it; write one "label = prefix" line per host`);
  return hosts;
}
