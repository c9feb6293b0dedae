// A rolldown plugin for the TUI's bundle: three functions Ink runs for every frame get a fast path,
// with the same results (measured in issue #13: an idle 160x48 dashboard spent most of its CPU
// in these, redoing per frame what the previous frame had already worked out).
// - @alcalzone/ansi-tokenize's styledCharsToString (every row of every frame, cell by cell) is
//   served by src/ui/ink-styled-chars.ts, which gives the same string without allocating per cell
//   (the equivalence is tested in test/ui/ink-styled-chars.test.ts).
// - Ink's Output caches each text line's styled cells and widths for one frame; they now live
//   across frames (most lines of a dashboard are the same from one frame to the next), bounded:
//   emptied when they hold too many lines, as a log flood would make them.
// - string-width (the width of every text node, each frame) remembers its answers for short
//   strings without options, bounded the same way. It is a pure function of those.
// - Ink's measureText remembers the size of every text it ever laid out, without bound: in a
//   log flood, every line that passed through the log pane stayed in memory. Bounded the same way.
// The build fails if a module no longer has the code a rewrite replaces, rather than ship a
// bundle without it.
import { resolve } from 'node:path';

const FAST_STYLED_CHARS = resolve('dist/ui/ink-styled-chars.js');

const REWRITES = [
  {
    name: 'styledCharsToString',
    file: /[\\/]@alcalzone[\\/]ansi-tokenize[\\/]build[\\/]styledChars\.js$/,
    rewrite(code) {
      const shipped = 'export function styledCharsToString(chars) {';
      if (!code.includes(shipped) || !code.includes('from "./ansiCodes.js"') || !code.includes('from "./diff.js"')) return null;
      return [
        code.replace(shipped, 'function shippedStyledCharsToString(chars) {'),
        `import { fastStyledCharsToString } from ${JSON.stringify(FAST_STYLED_CHARS)};`,
        'export function styledCharsToString(chars) {',
        '  return fastStyledCharsToString(chars, { ansiCodesToString, diffAnsiCodes });',
        '}',
      ].join('\n');
    },
  },
  {
    name: 'Output caches',
    file: /[\\/]ink[\\/]build[\\/]output\.js$/,
    rewrite(code) {
      const perFrame = 'caches = new OutputCaches();';
      if (!code.includes(perFrame) || !code.includes('class OutputCaches {')) return null;
      return [
        code.replace(perFrame, 'caches = framesOutputCaches();'),
        'let framesCaches;',
        '/** One OutputCaches for every frame, new once it holds 512 lines or 4096 widths. */',
        'function framesOutputCaches() {',
        '  const c = framesCaches;',
        '  if (!c || c.styledChars.size > 512 || c.widths.size > 4096 || c.blockWidths.size > 512) framesCaches = new OutputCaches();',
        '  return framesCaches;',
        '}',
      ].join('\n');
    },
  },
  {
    name: 'stringWidth',
    file: /[\\/]node_modules[\\/]string-width[\\/]index\.js$/,
    rewrite(code) {
      const shipped = /^export default function stringWidth\((\w+), options = \{\}\) \{$/m;
      if (!shipped.test(code)) return null;
      return [
        code.replace(shipped, 'function shippedStringWidth($1, options = {}) {'),
        'const widths = new Map();',
        'export default function stringWidth(string, options) {',
        "  if (options !== undefined || typeof string !== 'string' || string.length > 256) return shippedStringWidth(string, options);",
        '  let width = widths.get(string);',
        '  if (width === undefined) {',
        '    if (widths.size >= 4096) widths.clear();',
        '    width = shippedStringWidth(string);',
        '    widths.set(string, width);',
        '  }',
        '  return width;',
        '}',
      ].join('\n');
    },
  },
  {
    name: 'measureText bound',
    file: /[\\/]ink[\\/]build[\\/]measure-text\.js$/,
    rewrite(code) {
      const unbounded = '    cache.set(text, dimensions);';
      if (!code.includes(unbounded) || !code.includes('const cache = new Map();')) return null;
      return code.replace(unbounded, '    if (cache.size >= 4096) cache.clear();\n' + unbounded);
    },
  },
];

/** The plugin; `check()` throws unless each rewrite was made exactly once. */
export function inkFastPaths() {
  const made = new Map(REWRITES.map((r) => [r.name, 0]));
  return {
    check() {
      for (const [name, n] of made) if (n !== 1) throw new Error(`scripts/ink-fast-paths.mjs: the ${name} rewrite was made ${n} times, not once`);
    },
    plugin: {
      name: 'clmon-ink-fast-paths',
      transform(code, id) {
        const rewrite = REWRITES.find((r) => r.file.test(id) && !/[\\/]wrap-ansi[\\/]/.test(id));
        if (!rewrite) return null;
        const rewritten = rewrite.rewrite(code);
        if (rewritten === null) throw new Error(`${id}: the code the ${rewrite.name} rewrite replaces is not there (was the package updated?)`);
        made.set(rewrite.name, made.get(rewrite.name) + 1);
        return rewritten;
      },
    },
  };
}
