// Ecosystem files that are data, not code: .json and .json5 (relaxed JSON, as PM2 reads them) and
// .yml / .yaml. PM2 evaluates a .json file as a JavaScript expression, which is why comments,
// trailing commas, unquoted keys and single quotes work there; JSON5 accepts exactly those without
// running the file as code. A syntax error names the line and the column.
import yaml from 'js-yaml';
import JSON5 from 'json5';
import { extname } from 'node:path';
import { UserError } from '../errors.js';

export type DataFormat = 'json' | 'json5' | 'yaml';

/** The data format of an ecosystem file by its extension, or undefined for a JavaScript one. */
export function dataFormatOf(file: string): DataFormat | undefined {
  const ext = extname(file).toLowerCase();
  if (ext === '.json' || ext === '.json5') return ext === '.json' ? 'json' : 'json5';
  if (ext === '.yml' || ext === '.yaml') return 'yaml';
  return undefined;
}

/** Parse `source`; a UserError `<label>: line L, column C: invalid JSON: <why>` on a syntax error. */
export function parseDataFile(source: string, format: DataFormat, label: string): unknown {
  return format === 'yaml' ? parseYaml(source, label) : parseRelaxedJson(source, label, format === 'json' ? 'JSON' : 'JSON5');
}

function parseRelaxedJson(source: string, label: string, kind: string): unknown {
  try {
    return JSON5.parse(source);
  } catch (err) {
    const e = err as SyntaxError & { lineNumber?: number; columnNumber?: number };
    const why = e.message.replace(/^JSON5: /, '').replace(/ at \d+:\d+$/, '');
    const hint = looksLikeCode(source, e.lineNumber, e.columnNumber)
      ? `; a .${kind.toLowerCase()} file is data, not code: for expressions such as process.env.HOME or require(), write an ecosystem.config.js (module.exports = { apps: [...] })`
      : '';
    throw new UserError(
      `${label}: ${position(e.lineNumber, e.columnNumber)}invalid ${kind}: ${why} (comments, trailing commas, unquoted keys and single quotes are allowed, as in PM2)${hint}`,
    );
  }
}

/**
 * Whether the parser stopped at what reads as JavaScript: a name (unquoted keys are allowed, so a
 * name there is a value: `process.env.HOME`, `__dirname`), a call, a template string or a `+`.
 */
function looksLikeCode(source: string, line: number | undefined, column: number | undefined): boolean {
  if (line === undefined || column === undefined) return false;
  const rest = source.split(/\r?\n/)[line - 1]?.slice(column - 1) ?? '';
  return /^(?:[A-Za-z_$][\w$]*|[`+(])/.test(rest);
}

function parseYaml(source: string, label: string): unknown {
  try {
    // PM2 reads YAML with js-yaml's default schema too: plain data, no custom tags
    return yaml.load(source, { filename: label });
  } catch (err) {
    if (!(err instanceof yaml.YAMLException)) throw err;
    const mark = err.mark as { line?: number; column?: number } | undefined;
    const at = mark && typeof mark.line === 'number' ? position(mark.line + 1, (mark.column ?? 0) + 1) : '';
    throw new UserError(`${label}: ${at}invalid YAML: ${err.reason}`);
  }
}

function position(line: number | undefined, column: number | undefined): string {
  if (line === undefined) return '';
  return column === undefined ? `line ${line}: ` : `line ${line}, column ${column}: `;
}
