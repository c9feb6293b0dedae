// Which module system Node uses for a JS ecosystem file: .cjs and .mjs by extension, .js by the
// `type` of the nearest package.json.
import { readFile } from 'node:fs/promises';
import { dirname, extname, join } from 'node:path';

export type ModuleFormat = 'commonjs' | 'module';

/** .cjs / .mjs by extension; .js by the `type` of the nearest package.json, as Node decides. */
export async function detectModuleFormat(file: string): Promise<ModuleFormat> {
  const ext = extname(file).toLowerCase();
  if (ext === '.cjs') return 'commonjs';
  if (ext === '.mjs') return 'module';
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    const type = await packageType(join(dir, 'package.json'));
    if (type !== undefined) return type === 'module' ? 'module' : 'commonjs';
    if (dirname(dir) === dir) return 'commonjs';
  }
}

/** The package's `type` ('' if it has none), or undefined when there is no readable package.json. */
async function packageType(file: string): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const pkg = JSON.parse(text) as { type?: unknown };
    return typeof pkg.type === 'string' ? pkg.type : '';
  } catch {
    return ''; // Node treats an unparsable package.json as one without "type"
  }
}
