#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in dist/ (built by `npm install` via `prepare`), bundled
// into dist/cli-bundle/ so that a one-shot command loads a handful of files (scripts/bundle-cli.mjs).
// CommonJS (bin/package.json), like its entry clmon.cjs: `clmon ls` never starts Node's ES module
// loader; every other command imports the ES module bundle from there.
'use strict';

let entry;
try {
  entry = require('../dist/cli-bundle/clmon.cjs');
} catch (err) {
  if (err && err.code === 'MODULE_NOT_FOUND' && String(err.message).includes('dist/cli-bundle/clmon.cjs')) {
    console.error('clmon: not built yet; run `npm run build` in the clmon package.');
    process.exit(1);
  }
  throw err;
}
entry.main(process.argv).catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/cli-bundle/')) {
    console.error('clmon: not built yet; run `npm run build` in the clmon package.');
  } else {
    console.error(err);
  }
  process.exit(1);
});
