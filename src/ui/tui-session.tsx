// The TUI from start to finish: alternate screen, render, quit path, restore. Loaded by run-tui.
import { render } from 'ink';
import type { Source } from '../model/source.js';
import { App } from './App.js';
import { ColorContext, colorsEnabled } from './palette.js';
import { TuiStore } from './store.js';
import { watchHangup, type QuitCause } from './hangup.js';
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

/** See runTui. */
export async function runTuiSession(source: Source, opts: TuiOptions): Promise<void> {
  const stdout = opts.stdout ?? process.stdout;
  const store = new TuiStore(source, { logsDir: opts.logsDir });
  let failure: unknown = null;
  let quitting: Promise<void> | null = null;

  const stdin = opts.stdin ?? process.stdin;
  const screen = enterAltScreen(stdout);
  // maxFps 0: no throttle in Ink. The store already bounds publications (10 a second in a flood)
  // and the App renders only those that change the screen; Ink's 50 ms throttle only added a
  // timer that outlived unmount and held the exit after a hang-up for up to 50 ms (measured).
  const instance = render(
    <ColorContext.Provider value={colorsEnabled()}>
      <App store={store} source={source} mode={opts.mode} onQuit={() => void quit('q')} />
    </ColorContext.Provider>,
    { stdout, stdin, patchConsole: false, exitOnCtrlC: false, maxFps: 0 },
  );

  // q, Ctrl-C, signals and a closed terminal all end here, once: stop or detach, then unmount.
  // With the terminal gone (SIGHUP, EOF, EIO) nobody sees "stopping…": unmount first, without a
  // last frame, so an attached TUI leaves at once and `run` goes straight to its graceful stop.
  const quit = (cause: QuitCause | 'q'): Promise<void> =>
    (quitting ??= (async () => {
      await null; // unmounting writes, and a failed write re-enters quit(): let `quitting` be set first
      if (cause === 'hangup') {
        // Ink draws a last frame on unmount unless stdout says it is not writable: on a loaded
        // machine that frame held the event loop (and so the exit) for tens of ms, for nobody.
        Object.defineProperty(stdout, 'writable', { value: false, configurable: true });
        instance.unmount();
      } else store.markQuitting();
      try {
        if (opts.mode === 'attach') await source.close();
        await opts.onQuit?.();
      } catch (err) {
        failure = err;
      } finally {
        instance.unmount();
      }
    })());
  const watch = watchHangup(stdin, stdout, (cause) => void quit(cause));
  const onAbort = (): void => instance.unmount();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  if (opts.signal?.aborted) onAbort();

  store.start().catch(() => {}); // backfill failures are reported in the status line
  try {
    await instance.waitUntilExit();
    await quitting; // a hang-up unmounted first: the stop or detach is still under way
  } finally {
    store.stop();
    watch.dispose();
    opts.signal?.removeEventListener('abort', onAbort);
    instance.cleanup();
    screen.restore();
  }
  if (failure) throw failure;
}
