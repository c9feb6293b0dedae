// Colour for CLI output only on a terminal, honouring NO_COLOR and FORCE_COLOR (docs/cli.md#attach).
import type { WorkerStatus } from '../model/types.js';

const CODES = { red: 31, green: 32, yellow: 33, blue: 34, magenta: 35, cyan: 36, gray: 90 } as const;
export type ColorName = keyof typeof CODES;

/** Should stdout be coloured? */
export function useColor(stream: NodeJS.WriteStream = process.stdout): boolean {
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  const force = process.env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  return stream.isTTY === true;
}

/** Wrap text in an SGR colour when enabled. */
export function paint(text: string, color: ColorName, enabled: boolean): string {
  return enabled ? `\x1b[${CODES[color]}m${text}\x1b[39m` : text;
}

export const STATUS_COLORS: Record<WorkerStatus, ColorName> = {
  online: 'green',
  launching: 'cyan',
  stopping: 'yellow',
  stopped: 'gray',
  waiting: 'yellow',
  errored: 'red',
};
