// The fullscreen dashboard draws on the alternate screen (Ink 6 has no option for it), and the
// operator's terminal must come back whatever happens: normal exit, uncaught exception, signal.
import { writeSync } from 'node:fs';

const ENTER = '\x1b[?1049h\x1b[?25l'; // alternate screen, hide the cursor
const LEAVE = '\x1b[?25h\x1b[?1049l'; // show the cursor, main screen

export interface AltScreen {
  /** Back to the main screen; idempotent. */
  restore(): void;
}

/** Switch `stdout` to the alternate screen until restore() or the process ends. */
export function enterAltScreen(stdout: NodeJS.WriteStream): AltScreen {
  let restored = false;
  const restore = (): void => {
    if (restored) return;
    restored = true;
    process.off('exit', restore);
    process.off('uncaughtExceptionMonitor', restore);
    writeNow(stdout, LEAVE);
  };
  // 'exit' handlers must be synchronous; the monitor runs before Node prints an uncaught
  // error, so the message lands on the main screen where the operator can read it
  process.on('exit', restore);
  process.on('uncaughtExceptionMonitor', restore);
  writeNow(stdout, ENTER);
  return { restore };
}

/** Write synchronously when stdout is a file descriptor (at exit there is no later). */
function writeNow(stdout: NodeJS.WriteStream, text: string): void {
  const fd = (stdout as { fd?: unknown }).fd;
  try {
    if (typeof fd === 'number') writeSync(fd, text);
    else stdout.write(text);
  } catch {
    // the terminal is gone (SIGHUP): nothing left to restore
  }
}
