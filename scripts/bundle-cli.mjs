// Build step after tsc: the CLI as few files as its commands need (bin/clmon.js loads it). Node 20
// pays for every ES module it resolves, reads and links (~60 on the `clmon ls` path when loaded
// file by file from dist/). Two bundles:
// - clmon.cjs, the entry (src/cli/light-ls.ts): `clmon ls [--json]` in one CommonJS file with no
//   package imports (strip-ansi is inlined). CommonJS because Node 20 starts a CommonJS script
//   ~7 ms (CPU) faster than an ES module: it never sets up its ES module loader. Every other
//   command line imports main.js (an ES module, as before).
// - main.js: the commander program, its light commands in one chunk, the heavy parts (the
//   supervisor for `run`, the UI, the PM2 and remote sources) as chunks loaded on use. Packages
//   stay external, but for Ink and the ES modules it imports: those go into the TUI's chunk,
//   tree-shaken (Ink imports one function from es-toolkit's 400-module barrel: ~15 MiB of RSS
//   and ~500 modules to resolve in the monitor when loaded file by file). React, its reconciler
//   and scheduler stay external: each picks its build from NODE_ENV when first loaded, after
//   run-tui set it.
// The two share no module instances (main.js brings its own copies): one path or the other runs.
import { readFileSync, rmSync } from 'node:fs';
import { build } from 'rolldown';
import { inkFastPaths } from './ink-fast-paths.mjs';

const OUT = 'dist/cli-bundle';
const isPackage = (id) => !id.startsWith('.') && !id.startsWith('/');
/** Packages small enough to inline into the light entry (resolving a package costs more). */
const INLINED = new Set(['strip-ansi', 'ansi-regex']);
const KEEP_EXTERNAL = /^(react|react-reconciler|scheduler|react-devtools-core)(\/|$)/;

/** Ink, and what Ink (or one of its dependencies) imports, but React's packages. */
function bundled(id, importer) {
  if (id.startsWith('node:') || KEEP_EXTERNAL.test(id)) return false;
  return id === 'ink' || Boolean(importer?.includes('/node_modules/'));
}

/** version.ts finds and reads package.json when it loads; a bundle knows the version already. */
const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
const inlineVersion = {
  name: 'clmon-inline-version',
  load: (id) => (id.endsWith('/dist/version.js') ? `export const CLMON_VERSION = ${JSON.stringify(version)};\n` : null),
};

rmSync(OUT, { recursive: true, force: true });
const fastPaths = inkFastPaths();
await build({
  input: { main: 'dist/cli/main.js' },
  platform: 'node',
  plugins: [fastPaths.plugin, inlineVersion],
  external: (id, importer) => isPackage(id) && !bundled(id, importer),
  // main.js imports start.js statically and import-pm2.js again lazily: not a bug, and no help
  onLog: (level, log, handler) => (log.code === 'INEFFECTIVE_DYNAMIC_IMPORT' ? undefined : handler(level, log)),
  output: {
    dir: OUT,
    format: 'esm',
    chunkFileNames: '[name]-[hash].js',
    codeSplitting: {
      // every module the entry needs before it parses argv goes into the entry's own file
      groups: [{ name: 'clmon-light', tags: ['$initial'] }],
    },
  },
});
fastPaths.check();
await build({
  input: { clmon: 'dist/cli/light-ls.js' },
  platform: 'node',
  plugins: [inlineVersion],
  external: (id) => id === './main.js' || (isPackage(id) && !INLINED.has(id)),
  output: { dir: OUT, format: 'cjs', entryFileNames: '[name].cjs' },
});
