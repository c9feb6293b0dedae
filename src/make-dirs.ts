// `mkdir -p` that always ends: Node's mkdirSync({ recursive: true }) loops forever, at 100 % of
// a core, where mkdir keeps failing with ENOENT under an existing directory (e.g. /proc/x/y, a
// pseudo file system): a bad `out_file` or `--home` hung clmon that way. This walks up to the
// first existing ancestor and creates each missing directory once, so every failure is thrown.
import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** Create `dir` and its missing parents (`mode` for the new ones); throws the first failure. */
export function makeDirs(dir: string, mode = 0o777): void {
  const missing: string[] = [];
  let at = resolve(dir);
  for (;;) {
    const stat = statSync(at, { throwIfNoEntry: false });
    if (stat) {
      if (!stat.isDirectory()) throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${dir}'`), { code: 'ENOTDIR' });
      break;
    }
    missing.push(at);
    const parent = dirname(at);
    if (parent === at) break;
    at = parent;
  }
  for (const path of missing.reverse()) {
    try {
      mkdirSync(path, { mode });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
}
