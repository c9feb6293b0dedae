// PM2 lets `args` and `node_args` be one string; split it as a shell would for simple cases
// (spaces separate, 'single' and "double" quotes group, backslash escapes) without running a shell.
import { UserError } from '../errors.js';

/** Split a command-line string into words; an unclosed quote is a UserError naming `where`. */
export function splitArgs(text: string, where: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote === "'") {
      if (ch === "'") quote = null;
      else word += ch;
    } else if (quote === '"') {
      if (ch === '"') quote = null;
      else if (ch === '\\' && (text[i + 1] === '"' || text[i + 1] === '\\')) word += text[++i];
      else word += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
    } else if (ch === '\\' && i + 1 < text.length) {
      word += text[++i];
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (quote) throw new UserError(`${where}: ${JSON.stringify(text)} has an unclosed ${quote} quote`);
  if (inWord) words.push(word);
  return words;
}
