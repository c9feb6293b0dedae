// Load a PM2 ecosystem file: CommonJS (`module.exports = {apps}`), ESM (`export default`), a bare
// array, relaxed JSON / JSON5 or YAML (docs/configuration.md, "as PM2 reads them"). Each call reads the file again (a reload after an edit must see the edit), and a
// file that fails to load is a UserError with Node's message and the line, never a stack trace.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { UserError } from '../errors.js';
import { evaluateInWorker, type LoadFailure } from './evaluate-in-worker.js';
import { describeLoadError } from './load-error.js';
import { detectModuleFormat } from './module-format.js';
import { dataFormatOf, parseDataFile } from './parse-data-file.js';

/** Files that are ecosystem files by name (PM2's rule, plus `ecosystem*.js`); anything else is a script. */
export function isEcosystemFile(file: string): boolean {
  const name = basename(file);
  return /\.(json5?|ya?ml)$/i.test(name) || /\.config\.[cm]?js$/i.test(name) || /^ecosystem[^/]*\.[cm]?js$/i.test(name);
}

/**
 * The raw `apps` entries of an ecosystem file (not validated). `label` is how messages name the file;
 * `env` is the environment the file sees as process.env (the caller's, for `env: {PORT: process.env.PORT}`).
 */
export async function loadEcosystem(file: string, label: string, env: Record<string, string> = cleanEnv(process.env)): Promise<unknown[]> {
  let source: string;
  try {
    source = (await readFile(file, 'utf8')).replace(/^\uFEFF/, '');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? `ecosystem file not found (looked for ${file})` : code === 'EISDIR' ? 'is a directory' : `cannot read (${code ?? String(err)})`;
    throw new UserError(`${label}: ${why}`);
  }
  const format = dataFormatOf(file);
  const exported = format ? parseDataFile(source, format, label) : await evaluate(file, label, env);
  return appsOf(exported, label);
}

/** Run a JS ecosystem file (in a worker, see evaluate-in-worker.ts) and return what it exports. */
async function evaluate(file: string, label: string, env: Record<string, string>): Promise<unknown> {
  const format = await detectModuleFormat(file);
  try {
    return await evaluateInWorker(file, format, env);
  } catch (err) {
    const failure = err as LoadFailure;
    const esmInCommonJs = format === 'commonjs' && /Cannot use import statement|Unexpected token 'export'/.test(failure.message);
    const hint = esmInCommonJs ? '; this file uses ESM syntax: rename it to .mjs, or set "type": "module" in package.json' : '';
    throw new UserError(describeLoadError(failure, file, label) + hint);
  }
}

/** Where PM2 finds the apps: `apps`, else `pm2`, else the export itself; one object is one app. */
function appsOf(exported: unknown, label: string): unknown[] {
  if (Array.isArray(exported)) return exported;
  if (exported && typeof exported === 'object') {
    const root = exported as Record<string, unknown>;
    const apps = root.apps ?? root.pm2;
    if (Array.isArray(apps)) return apps;
    if (apps && typeof apps === 'object') return [apps];
    // a bare app (`module.exports = { script: "app.js" }`); anything else is more likely a mistake
    if (apps === undefined && APP_KEYS.some((key) => key in root)) return [root];
  }
  throw new UserError(
    `${label}: exports no "apps" array; expected module.exports = { apps: [ {...} ] }, ` +
      'export default { apps: [...] }, a bare array of apps, one app object ({ script: "app.js" }), or JSON { "apps": [...] }',
  );
}

/** Keys that make an object without `apps` or `pm2` one app, as PM2 takes it. */
const APP_KEYS = ['script', 'cmd', 'exec', 'command'];

function cleanEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}
