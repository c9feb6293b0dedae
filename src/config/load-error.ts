// Turn whatever an ecosystem file threw while loading into one line for the user: the file, the
// line when Node tells it, the error's name and message; never the stack.
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

export interface ThrownError {
  name: string;
  message: string;
  stack: string;
}

/** `<label>: line N: SyntaxError: Unexpected token ','` (no line part when none is known). */
export function describeLoadError(err: ThrownError, file: string, label: string): string {
  let line = lineFromStack(err.stack, file);
  // Node 20 gives no position for a syntax error in an ES module; its --check does.
  if (line === undefined && err.name === 'SyntaxError') line = lineFromSyntaxCheck(file);
  return `${label}: ${line !== undefined ? `line ${line}: ` : ''}${err.name}: ${err.message}`;
}

/** The line of the first stack frame (or syntax-error header) that points into `file`. */
function lineFromStack(stack: string, file: string): number | undefined {
  const names = [pathToFileURL(file).href, file].map(escapeRegExp).join('|');
  const match = new RegExp(`(?:${names})(?:\\?[^:\\s)]*)?:(\\d+)`).exec(stack);
  return match ? Number(match[1]) : undefined;
}

function lineFromSyntaxCheck(file: string): number | undefined {
  const check = spawnSync(process.execPath, ['--check', file], { encoding: 'utf8', timeout: 10_000 });
  return lineFromStack(check.stderr ?? '', file);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
