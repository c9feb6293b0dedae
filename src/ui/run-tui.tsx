// Entry point of the TUI, for `clmon run` (on a TTY) and `clmon attach`. React picks its
// development or production build when first loaded, from NODE_ENV: the development build costs
// a live dashboard several times the CPU (measured), so load it in production mode unless the
// user asked otherwise, without leaving NODE_ENV changed for anything else.
import type { Source } from '../model/source.js';
import type { TuiOptions } from './tui-session.js';

export type RunTuiOptions = TuiOptions;

/**
 * Show the dashboard fullscreen until the operator quits (q, Ctrl-C) or a signal arrives; resolves
 * once onQuit finished and the terminal is restored; rejects with onQuit's error, if any.
 */
export async function runTui(source: Source, opts: RunTuiOptions): Promise<void> {
  const { runTuiSession } = await loadInProductionMode();
  return runTuiSession(source, opts);
}

async function loadInProductionMode(): Promise<typeof import('./tui-session.js')> {
  const had = Object.hasOwn(process.env, 'NODE_ENV');
  if (!had) process.env.NODE_ENV = 'production';
  try {
    return await import('./tui-session.js');
  } finally {
    if (!had) delete process.env.NODE_ENV;
  }
}
