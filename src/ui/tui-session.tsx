// The TUI from start to finish: alternate screen, render, quit path, restore. Loaded by run-tui.
import { render } from 'ink';
import type { Source } from '../model/source.js';
import { App } from './App.js';
import { ColorContext, colorsEnabled } from './palette.js';
import { TuiStore } from './store.js';
import { enterAltScreen } from './terminal-screen.js';

export interface TuiOptions {
  mode: 'run' | 'attach';
  /** run: stop the group gracefully (awaited while "stopping…" shows). attach: after source.close(). */
  onQuit?: () => Promise<void>;
  /** Ends the TUI from outside (the group went away): unmounts without calling onQuit. */
  signal?: AbortSignal;
  stdin?: NodeJS.ReadStream;
  stdout?: NodeJS.WriteStream;
  /** The logs directory whose disk's free space the header shows. */
  logsDir?: string;
}

const QUIT_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** See runTui. */
export async function runTuiSession(source: Source, opts: TuiOptions): Promise<void> {
  const stdout = opts.stdout ?? process.stdout;
  const store = new TuiStore(source, { logsDir: opts.logsDir });
  let failure: unknown = null;
  let quitting: Promise<void> | null = null;

  const screen = enterAltScreen(stdout);
  const instance = render(
    <ColorContext.Provider value={colorsEnabled()}>
      <App store={store} source={source} mode={opts.mode} onQuit={() => void quit()} />
    </ColorContext.Provider>,
    { stdout, stdin: opts.stdin ?? process.stdin, patchConsole: false, exitOnCtrlC: false, maxFps: 20 },
  );

  // q, Ctrl-C and signals all end here, once: stop or detach, then unmount
  const quit = (): Promise<void> =>
    (quitting ??= (async () => {
      store.markQuitting();
      try {
        if (opts.mode === 'attach') await source.close();
        await opts.onQuit?.();
      } catch (err) {
        failure = err;
      } finally {
        instance.unmount();
      }
    })());
  const onSignal = (): void => void quit();
  const onAbort = (): void => instance.unmount();
  for (const sig of QUIT_SIGNALS) process.on(sig, onSignal);
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  if (opts.signal?.aborted) onAbort();

  store.start().catch(() => {}); // backfill failures are reported in the status line
  try {
    await instance.waitUntilExit();
  } finally {
    store.stop();
    for (const sig of QUIT_SIGNALS) process.off(sig, onSignal);
    opts.signal?.removeEventListener('abort', onAbort);
    instance.cleanup();
    screen.restore();
  }
  if (failure) throw failure;
}
