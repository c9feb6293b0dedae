// `?`: every key, and for the unavailable ones the reason the source gave.
import { Box } from 'ink';
import type { SourceCapabilities } from '../../model/source.js';
import { seg, type Line } from '../line.js';
import { LineText } from './LineText.js';

export interface HelpOverlayProps {
  capabilities: SourceCapabilities;
  mode: 'run' | 'attach';
  height: number;
}

const KEYS: readonly [string, string, keyof SourceCapabilities | null][] = [
  ['↑/↓ j/k', 'select a worker', null],
  ['Enter', 'detail: exits, the stderr before each, backoff, config, env', null],
  ['c', 'detail view: jump to the config and env (again: back to top)', null],
  ['Esc', 'back; clear the log filter', null],
  ['r', 'restart the selected worker now', 'restart'],
  ['R', 'restart every worker of the selected app', 'restart'],
  ['l', 'zero-downtime reload of the selected app', 'reload'],
  ['+ / -', 'scale the selected app up / down by one', 'scale'],
  ['s', 'stop the selected worker, or start it again', 'stopStart'],
  ['K', 'SIGKILL the selected worker', 'kill'],
  ['p', 'CPU profile of the selected worker (10 s, into the current dir)', 'diagnostics'],
  ['H', 'heap snapshot of the selected worker (asks first: it pauses it)', 'diagnostics'],
  ['/', 'filter the log pane (Enter keeps, Esc clears)', null],
  ['f', 'log pane: only the selected worker / all', null],
  ['PgUp/PgDn', 'scroll the logs (or the detail view)', null],
  ['End', 'follow the log tail again', null],
  ['?', 'this help', null],
];

/** The help screen, at most `height` lines. */
export function HelpOverlay({ capabilities, mode, height }: HelpOverlayProps) {
  const lines: Line[] = [[seg('Keys', { bold: true })]];
  for (const [key, what, capability] of KEYS) {
    const reason = capability ? capabilities[capability] : true;
    const line: Line = [seg(`  ${key.padEnd(11)}`, { bold: true }), seg(what, reason === true ? {} : { dim: true })];
    if (reason !== true) line.push(seg(`  (unavailable: ${reason})`, { color: 'yellow' }));
    lines.push(line);
  }
  const quit = mode === 'attach' ? 'detach; the group keeps running' : 'stop every worker gracefully and quit (asks first)';
  lines.push([seg(`  ${'q'.padEnd(11)}`, { bold: true }), seg(quit)]);
  lines.push([seg(`  ${'Ctrl-C'.padEnd(11)}`, { bold: true }), seg(mode === 'attach' ? 'detach' : 'stop every worker gracefully and quit')]);
  return (
    <Box flexDirection="column" height={height} overflowY="hidden">
      {lines.slice(0, height).map((line, i) => (
        <LineText key={i} line={line} />
      ))}
    </Box>
  );
}
