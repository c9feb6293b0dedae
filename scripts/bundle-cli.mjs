// Build step after tsc: the CLI as few files as its commands need (bin/clmon.js loads it). Node 20
// pays for every ES module it resolves, reads and links (~60 on the `clmon ls` path when loaded
// file by file from dist/); one bundle of the light commands, with the heavy parts (the
// supervisor for `run`, the UI, the PM2 and remote sources) left as chunks loaded on use.
// Packages stay external: React must still be loaded after run-tui sets NODE_ENV.
import { rmSync } from 'node:fs';
import { build } from 'rolldown';

const OUT = 'dist/cli-bundle';
rmSync(OUT, { recursive: true, force: true });
await build({
  input: { clmon: 'dist/cli/main.js' },
  platform: 'node',
  external: (id) => !id.startsWith('.') && !id.startsWith('/'),
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
