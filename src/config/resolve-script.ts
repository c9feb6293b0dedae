// Where an app's script is and what runs it: node for JavaScript (and files with a node shebang),
// bash / python / ruby / php / perl by extension as PM2 does (no exec bit needed), the file itself
// when it is executable (PM2's interpreter "none"), or the given interpreter. A directory runs its
// package.json "main" or its index.js, as Node's require() of a directory does under PM2.
import { accessSync, constants, openSync, readFileSync, readSync, closeSync, statSync } from 'node:fs';
import { basename, delimiter, extname, isAbsolute, join, resolve } from 'node:path';
import { messageOf, UserError } from '../errors.js';

export interface ResolvedScript {
  /** Absolute path of the script. */
  script: string;
  /** undefined = node; 'none' = execute the script itself; else the interpreter's absolute path. */
  interpreter?: string;
}

export interface ScriptWhere {
  script: string;
  interpreter: string;
}

const JS_EXTENSIONS = new Set(['.js', '.cjs', '.mjs']);

/** PM2's interpreters by extension; python falls back to python3 where there is no `python`. */
const BY_EXTENSION: Record<string, string[]> = {
  '.sh': ['bash'],
  '.py': ['python', 'python3'],
  '.rb': ['ruby'],
  '.php': ['php'],
  '.pl': ['perl'],
};

/** Resolve `script` against `cwd` (then PATH for a bare command name) and decide how to run it. */
export function resolveScript(script: string, interpreter: string | undefined, cwd: string, pathEnv: string | undefined, where: ScriptWhere): ResolvedScript {
  const file = findScript(script, cwd, pathEnv, where.script);
  const runner = interpreter === undefined ? undefined : resolveInterpreter(interpreter, cwd, pathEnv, where.interpreter);
  if (runner !== undefined || interpreter !== undefined) return { script: file, interpreter: runner };
  const ext = extname(file).toLowerCase();
  if (JS_EXTENSIONS.has(ext) || hasNodeShebang(file)) return { script: file };
  if (BY_EXTENSION[ext]) return { script: file, interpreter: interpreterFor(ext, file, pathEnv, where.script) };
  if (isExecutable(file)) return { script: file, interpreter: 'none' };
  throw new UserError(
    `${where.script}: ${file} is not a JavaScript file (.js, .cjs, .mjs) and not executable; ` +
      'pass --interpreter <cmd> (e.g. --interpreter python3), set "interpreter" in the ecosystem file, or chmod +x it',
  );
}

function findScript(script: string, cwd: string, pathEnv: string | undefined, where: string): string {
  const file = resolve(cwd, script);
  if (isFile(file)) return file;
  // PM2 runs a bare command name from PATH (`script: "npm", args: "start"`)
  const fromPath = !script.includes('/') ? searchPath(script, pathEnv) : undefined;
  if (fromPath) return fromPath;
  if (isDirectory(file)) return directoryEntry(file, where);
  const hint = isFile(`${file}.js`) ? ` (did you mean ${basename(file)}.js?)` : '';
  throw new UserError(`${where}: script not found: ${file}${hint}`);
}

/** The first of the extension's interpreters on PATH; an error naming them when none is installed. */
function interpreterFor(ext: string, file: string, pathEnv: string | undefined, where: string): string {
  const names = BY_EXTENSION[ext];
  for (const name of names) {
    const found = searchPath(name, pathEnv);
    if (found) return found;
  }
  const which = names.map((n) => JSON.stringify(n)).join(' or ');
  throw new UserError(
    `${where}: ${file} is a ${ext} script, which runs with ${which} (as in PM2), but it is not in PATH; ` +
      'install it, or set "interpreter" (--interpreter) to the command that runs it',
  );
}

/** What Node's require() of a directory loads: package.json "main" (as a file or a directory), else index.js. */
function directoryEntry(dir: string, where: string): string {
  const main = packageMain(dir, where);
  const candidates = main === undefined ? [] : [main, `${main}.js`, join(main, 'index.js')].map((p) => resolve(dir, p));
  candidates.push(join(dir, 'index.js'));
  const entry = candidates.find(isFile);
  if (entry) return entry;
  const looked = main === undefined ? 'index.js' : `package.json "main" (${main}) or index.js`;
  throw new UserError(`${where}: ${dir} is a directory without ${looked}; give the script file to run`);
}

function packageMain(dir: string, where: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(join(dir, 'package.json'), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const main = (JSON.parse(text) as { main?: unknown }).main;
    return typeof main === 'string' && main.trim() !== '' ? main : undefined;
  } catch (err) {
    throw new UserError(`${where}: ${join(dir, 'package.json')} is not valid JSON (${messageOf(err)}); fix it, or give the script file to run`);
  }
}

/** undefined for node itself; 'none'; else an absolute path to an existing executable. */
function resolveInterpreter(interpreter: string, cwd: string, pathEnv: string | undefined, where: string): string | undefined {
  const name = basename(interpreter);
  if (interpreter === '' || name === 'node' || name === 'nodejs') return undefined;
  if (interpreter === 'none') return 'none';
  const found = interpreter.includes('/') ? resolve(cwd, interpreter) : searchPath(interpreter, pathEnv);
  if (found && isFile(found) && isExecutable(found)) return found;
  const how = interpreter.includes('/') ? `${found} is not an executable file` : 'not found in PATH';
  throw new UserError(
    `${where}: interpreter ${JSON.stringify(interpreter)}: ${how}; use "node", "none" (run the script itself) or an installed command such as python3`,
  );
}

/** The first executable called `name` on PATH. */
function searchPath(name: string, pathEnv: string | undefined): string | undefined {
  for (const dir of (pathEnv ?? '').split(delimiter)) {
    if (!dir || !isAbsolute(dir)) continue;
    const candidate = join(dir, name);
    if (isFile(candidate) && isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/** `#!/usr/bin/env node` and the like (Express's bin/www): a Node script without a .js name. */
function hasNodeShebang(file: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const head = Buffer.alloc(128);
    const firstLine = head
      .subarray(0, readSync(fd, head, 0, head.length, 0))
      .toString('utf8')
      .split('\n')[0];
    return /^#!.*\bnode(js)?\b/.test(firstLine);
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function isDirectory(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
