// A `--via` prefix (docs/cli.md#many-hosts) is split as a shell would split it (quotes, escapes, $VAR), by
// shell-quote, and then run without a shell: pipes, redirections and `;` are refused, not run.
import { parse } from 'shell-quote';
import { UserError } from '../errors.js';

/** What runs at the other end of the prefix. */
export const REMOTE_COMMAND = ['clmon', 'serve', '--stdio'];

export interface ViaHost {
  /** The `--hosts` label, else the prefix as written. */
  label: string;
  /** The prefix as written. */
  prefix: string;
  /** The whole command: the split prefix, then `clmon serve --stdio`. */
  argv: string[];
}

/** Split a prefix; `where` names it in errors (`--via "…"`, `hosts.txt line 3`). */
export function splitPrefix(prefix: string, where: string): string[] {
  const words: string[] = [];
  for (const entry of parse(prefix, (name) => process.env[name] ?? '')) {
    if (typeof entry === 'string') words.push(entry);
    else if ('op' in entry && entry.op === 'glob') words.push(entry.pattern);
    else if ('comment' in entry) break;
    else {
      throw new UserError(
        `${where}: "${prefix}" has the shell operator ${JSON.stringify(entry.op)}; a prefix is one command, run without a shell (e.g. "ssh web-1" or "kubectl exec -i pod-a --")`,
      );
    }
  }
  if (words.length === 0) throw new UserError(`${where}: the prefix is empty; write the command that reaches the host, e.g. "ssh web-1"`);
  return words;
}

/** A host from a prefix, labelled by the prefix itself unless a label is given. */
export function viaHost(prefix: string, where: string, label?: string): ViaHost {
  return { label: label ?? prefix.trim(), prefix: prefix.trim(), argv: [...splitPrefix(prefix, where), ...REMOTE_COMMAND] };
}
