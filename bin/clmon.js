#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in dist/ (built by `npm install` via `prepare`), bundled
// into dist/cli-bundle/ so that a one-shot command loads a handful of files (scripts/bundle-cli.mjs).
import('../dist/cli-bundle/clmon.js')
  .then((m) => m.main(process.argv))
  .catch((err) => {
    if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/cli-bundle/clmon.js')) {
      console.error('clmon: not built yet; run `npm run build` in the clmon package.');
    } else {
      console.error(err);
    }
    process.exit(1);
  });
