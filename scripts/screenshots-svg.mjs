// Terminal screen (tmux `capture-pane -e -p`: text with SGR colour escapes) to SVG, keeping
// colours, bold, dim and inverse. Small on purpose: only SGR is meaningful in a capture.

const CELL_W = 8.4;
const CELL_H = 18;
const FONT_SIZE = 14;
const PAD = 12;
const FG = '#d4d4d4';
const BG = '#1e1e1e';

// the 16 ANSI colours (a VS Code-like dark theme), then the 6x6x6 cube and the grey ramp
const BASE16 = [
  '#000000',
  '#cd3131',
  '#0dbc79',
  '#e5e510',
  '#2472c8',
  '#bc3fbc',
  '#11a8cd',
  '#e5e5e5',
  '#666666',
  '#f14c4c',
  '#23d18b',
  '#f5f543',
  '#3b8eea',
  '#d670d6',
  '#29b8db',
  '#ffffff',
];

/** xterm's 256-colour palette entry `n`. */
function color256(n) {
  if (n < 16) return BASE16[n];
  if (n >= 232) {
    const v = 8 + (n - 232) * 10;
    return rgb(v, v, v);
  }
  const i = n - 16;
  const level = (c) => (c === 0 ? 0 : 55 + c * 40);
  return rgb(level(Math.floor(i / 36)), level(Math.floor(i / 6) % 6), level(i % 6));
}

function rgb(r, g, b) {
  return `#${[r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

const PLAIN = Object.freeze({ fg: null, bg: null, bold: false, dim: false, italic: false, underline: false, inverse: false });

/** Apply one SGR parameter list to a style (returns a new style). */
function applySgr(style, params) {
  const s = { ...style };
  const p = params.length === 0 ? [0] : params;
  for (let i = 0; i < p.length; i++) {
    const n = p[i];
    if (n === 0) Object.assign(s, PLAIN);
    else if (n === 1) s.bold = true;
    else if (n === 2) s.dim = true;
    else if (n === 3) s.italic = true;
    else if (n === 4) s.underline = true;
    else if (n === 7) s.inverse = true;
    else if (n === 22) s.bold = s.dim = false;
    else if (n === 23) s.italic = false;
    else if (n === 24) s.underline = false;
    else if (n === 27) s.inverse = false;
    else if (n >= 30 && n <= 37) s.fg = BASE16[n - 30];
    else if (n >= 90 && n <= 97) s.fg = BASE16[n - 90 + 8];
    else if (n === 39) s.fg = null;
    else if (n >= 40 && n <= 47) s.bg = BASE16[n - 40];
    else if (n >= 100 && n <= 107) s.bg = BASE16[n - 100 + 8];
    else if (n === 49) s.bg = null;
    else if (n === 38 || n === 48) {
      const key = n === 38 ? 'fg' : 'bg';
      if (p[i + 1] === 5) {
        s[key] = color256(p[i + 2] ?? 0);
        i += 2;
      } else if (p[i + 1] === 2) {
        s[key] = rgb(p[i + 2] ?? 0, p[i + 3] ?? 0, p[i + 4] ?? 0);
        i += 4;
      }
    }
  }
  return s;
}

/** Split one captured line into runs of equally styled text; the style carries over lines. */
function parseLine(line, style) {
  const runs = [];
  let text = '';
  let current = style;
  const re = /\x1b\[([0-9;:]*)m|\x1b\[[0-9;?]*[A-Za-z]|\x1b[^[]/g;
  let last = 0;
  for (let m = re.exec(line); m; m = re.exec(line)) {
    text += line.slice(last, m.index);
    last = re.lastIndex;
    if (m[1] === undefined) continue; // not SGR: nothing to draw
    if (text) runs.push({ text, style: current });
    text = '';
    current = applySgr(current, m[1] === '' ? [] : m[1].split(/[;:]/).map(Number));
  }
  text += line.slice(last);
  if (text) runs.push({ text, style: current });
  return { runs, style: current };
}

function escapeXml(text) {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** An SVG of the captured screen, `columns` x `rows` cells. */
export function screenToSvg(capture, { columns, rows, title = 'clmon' }) {
  const lines = capture.replace(/\n$/, '').split('\n').slice(0, rows);
  const width = Math.ceil(columns * CELL_W + PAD * 2);
  const height = Math.ceil(rows * CELL_H + PAD * 2);
  const backgrounds = [];
  const texts = [];
  let style = PLAIN;
  lines.forEach((line, row) => {
    const parsed = parseLine(line, style);
    style = parsed.style;
    const y = PAD + row * CELL_H;
    let col = 0;
    const spans = [];
    for (const { text, style: s } of parsed.runs) {
      const chars = [...text];
      let fg = s.fg ?? FG;
      let bg = s.bg;
      if (s.inverse) [fg, bg] = [bg ?? BG, fg];
      const x = PAD + col * CELL_W;
      if (bg) backgrounds.push(`<rect x="${x.toFixed(1)}" y="${y}" width="${(chars.length * CELL_W).toFixed(1)}" height="${CELL_H}" fill="${bg}"/>`);
      if (text.trim()) {
        const attrs = [`x="${x.toFixed(1)}"`, `fill="${fg}"`];
        if (s.bold) attrs.push('font-weight="bold"');
        if (s.dim) attrs.push('fill-opacity="0.6"');
        if (s.italic) attrs.push('font-style="italic"');
        if (s.underline) attrs.push('text-decoration="underline"');
        spans.push(`<tspan ${attrs.join(' ')}>${escapeXml(text)}</tspan>`);
      }
      col += chars.length;
    }
    if (spans.length) texts.push(`<text y="${y + CELL_H - 5}">${spans.join('')}</text>`);
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="100%" height="100%" rx="6" fill="${BG}"/>`,
    ...backgrounds,
    `<g font-family="'DejaVu Sans Mono', Menlo, Consolas, 'Liberation Mono', monospace" font-size="${FONT_SIZE}" xml:space="preserve" style="white-space:pre">`,
    ...texts,
    '</g>',
    '</svg>',
    '',
  ].join('\n');
}
