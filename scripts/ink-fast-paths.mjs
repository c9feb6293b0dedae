// A rolldown plugin for the TUI's bundle: @alcalzone/ansi-tokenize's styledCharsToString (Ink
// calls it for every row of every frame) is served by src/ui/ink-styled-chars.ts, which gives the
// same string without allocating per cell (why and figures: that file; the equivalence is tested
// in test/ui/ink-styled-chars.test.ts). The build fails if the module no longer has the function
// this replaces, rather than ship a bundle without it.
import { resolve } from 'node:path';

const STYLED_CHARS = /[\\/]@alcalzone[\\/]ansi-tokenize[\\/]build[\\/]styledChars\.js$/;
const SHIPPED = 'export function styledCharsToString(chars) {';
const FAST = resolve('dist/ui/ink-styled-chars.js');

/** The plugin; `applied()` says how many modules it rewrote. */
export function inkFastPaths() {
  let rewritten = 0;
  return {
    applied: () => rewritten,
    plugin: {
      name: 'clmon-ink-fast-paths',
      transform(code, id) {
        if (!STYLED_CHARS.test(id)) return null;
        if (!code.includes(SHIPPED) || !code.includes('from "./ansiCodes.js"') || !code.includes('from "./diff.js"')) {
          throw new Error(`${id}: styledCharsToString is not where scripts/ink-fast-paths.mjs expects it (was the package updated?)`);
        }
        rewritten++;
        return [
          code.replace(SHIPPED, 'function shippedStyledCharsToString(chars) {'),
          `import { fastStyledCharsToString } from ${JSON.stringify(FAST)};`,
          'export function styledCharsToString(chars) {',
          '  return fastStyledCharsToString(chars, { ansiCodesToString, diffAnsiCodes });',
          '}',
        ].join('\n');
      },
    },
  };
}
