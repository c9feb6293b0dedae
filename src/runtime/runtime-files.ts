// Paths of the compiled helper scripts that run outside the supervisor's process (drain helper,
// reaper, daemon). They are always the built files in dist/, also when tests run from src/.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let packageRoot: string | undefined;

/** The directory holding clmon's package.json. */
export function clmonRoot(): string {
  if (packageRoot) return packageRoot;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('clmon: cannot find its package.json');
    dir = parent;
  }
  return (packageRoot = dir);
}

/** Absolute path of a compiled file under dist/, e.g. `runtime/drain.cjs`. */
export function distFile(relative: string): string {
  return join(clmonRoot(), 'dist', relative);
}
