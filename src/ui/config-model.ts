// The lower part of the detail view (docs/cli.md#attach: env, config): how the app is started and with
// which settings, then its environment, the variables this app sets first. Below the exits, so
// that "why does it keep dying" stays on the first screen.
import type { AppConfigView } from '../model/types.js';
import { formatBytes, formatDuration } from '../format.js';
import { wrapText } from './text-layout.js';
import { seg, type Line } from './line.js';
import { safeText } from '../safe-text.js';

/** The heading that opens the section (the `c` key jumps to it). */
export const CONFIG_HEADING = 'Configuration';

const LABEL = 14;
/** A long value (PATH, a JSON blob) wraps over at most this many lines, then is cut. */
const MAX_VALUE_LINES = 3;

/**
 * The configuration and environment lines of an app. `ownEnv` is the TUI's own environment: the
 * variables whose value differs from it are the app's own (its `env`, PM2's, the primary's) and
 * come first; those the app merely inherited from the same shell follow, dimmed.
 */
export function configLines(config: AppConfigView | undefined, width: number, ownEnv: Readonly<Record<string, string | undefined>>): Line[] {
  const lines: Line[] = [[seg(CONFIG_HEADING, { bold: true })]];
  if (!config) {
    lines.push([seg('  not available from this source', { dim: true })]);
    return lines;
  }
  lines.push(...field('script', [config.script, ...config.args].map(quoteArg).join(' '), width));
  lines.push(...field('cwd', config.cwd, width));
  lines.push(...field('interpreter', [config.interpreter, ...config.nodeArgs].map(quoteArg).join(' '), width));
  const settings = Object.entries(config.settings)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value]) => `${key} ${formatSetting(key, value)}`);
  if (settings.length > 0) lines.push(...field('settings', settings.join(' · '), width, Infinity));
  lines.push([]);
  lines.push(...envLines(config.env, width, ownEnv));
  return lines;
}

function envLines(env: Readonly<Record<string, string>>, width: number, ownEnv: Readonly<Record<string, string | undefined>>): Line[] {
  const keys = Object.keys(env).sort();
  const own = keys.filter((k) => ownEnv[k] !== env[k]);
  const inherited = keys.filter((k) => ownEnv[k] === env[k]);
  const lines: Line[] = [
    [seg('Environment', { bold: true }), seg(`  ${own.length} set for this app, ${inherited.length} the same as in this shell`, { dim: true })],
  ];
  if (keys.length === 0) lines.push([seg('  (none known)', { dim: true })]);
  for (const key of own) lines.push(...variable(key, env[key]!, width, false));
  if (own.length > 0 && inherited.length > 0) lines.push([seg('  the same as in this shell:', { dim: true })]);
  for (const key of inherited) lines.push(...variable(key, env[key]!, width, true));
  return lines;
}

/** `  NAME=value`, the value wrapped under itself. */
function variable(key: string, value: string, width: number, dim: boolean): Line[] {
  const name = `  ${safeText(key)}=`;
  const chunks = chop(safeText(value), Math.max(10, width - name.length), MAX_VALUE_LINES);
  return chunks.map(
    (chunk, i): Line => [seg(i === 0 ? name : ' '.repeat(name.length), { dim: true, bold: !dim && i === 0 }), seg(chunk, dim ? { dim: true } : {})],
  );
}

/** `  label         value`, wrapped at word boundaries under the value column. */
function field(label: string, value: string, width: number, maxLines = MAX_VALUE_LINES): Line[] {
  const room = Math.max(10, width - 2 - LABEL);
  const wrapped = wrapText(safeText(value), room);
  const shown = wrapped.length > maxLines ? [...wrapped.slice(0, maxLines - 1), `${wrapped[maxLines - 1]!.slice(0, room - 1)}…`] : wrapped;
  return shown.map((text, i): Line => [seg(`  ${(i === 0 ? label : '').padEnd(LABEL)}`, { dim: true }), seg(text)]);
}

/** Cut a value without spaces (PATH) into lines of `room`, at most `max`, the last one ending in … if cut. */
function chop(text: string, room: number, max: number): string[] {
  const out: string[] = [];
  for (let at = 0; at < text.length && out.length < max; at += room) out.push(text.slice(at, at + room));
  if (out.length === 0) return [''];
  if (text.length > room * max) out[max - 1] = `${out[max - 1]!.slice(0, room - 1)}…`;
  return out;
}

/** Durations and sizes as a person reads them; everything else as configured. */
function formatSetting(key: string, value: string | number | boolean): string {
  if (typeof value === 'number' && /(timeout|uptime|delay)$/.test(key)) return formatDuration(value);
  if (typeof value === 'number' && key === 'max_memory_restart') return formatBytes(value);
  return String(value);
}

/** An argument as a shell would need it written, so that `a b` and `"a b"` differ. */
function quoteArg(arg: string): string {
  return arg === '' || /[\s"'\\$`]/.test(arg) ? JSON.stringify(arg) : arg;
}
