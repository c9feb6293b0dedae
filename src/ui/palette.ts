// Colours in one place. Chalk (under Ink) honours FORCE_COLOR and non-TTY output but not
// NO_COLOR, so components ask `useColor()` for a colour and get none when NO_COLOR is set.
import { createContext, useContext } from 'react';
import type { WorkerStatus } from '../model/types.js';

/** NO_COLOR (non-empty) turns colours off unless FORCE_COLOR asks for them (https://no-color.org). */
export function colorsEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '') return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return !env.NO_COLOR;
}

export const ColorContext = createContext<boolean>(true);

/** A function that returns its colour when colours are on, else undefined (Ink then adds none). */
export function useColor(): (color: string | undefined) => string | undefined {
  const enabled = useContext(ColorContext);
  return enabled ? (color) => color : () => undefined;
}

export const STATUS_COLORS: Readonly<Record<WorkerStatus, string>> = {
  online: 'green',
  launching: 'yellow',
  stopping: 'yellow',
  waiting: 'yellow',
  stopped: 'gray',
  errored: 'red',
};

// red is kept for stderr and errors, so no worker is red
const WORKER_COLORS = ['cyan', 'green', 'yellow', 'blue', 'magenta', 'cyanBright', 'greenBright', 'yellowBright', 'blueBright', 'magentaBright'];

/** A stable colour per worker: the app's name picks a start, the slot steps through the palette. */
export function workerColor(app: string, id: number): string {
  let hash = 0;
  for (let i = 0; i < app.length; i++) hash = (hash * 31 + app.charCodeAt(i)) >>> 0;
  return WORKER_COLORS[(hash + id) % WORKER_COLORS.length]!;
}
