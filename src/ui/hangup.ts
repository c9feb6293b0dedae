// The terminal went away (tmux kill-session, a closed ssh, a closed window): the kernel ends the
// tty's input (stdin 'end'), then sends SIGHUP; every write after that fails with EIO, and so does
// setRawMode. Any of these is a hang-up: the TUI must quit at once (stop in `run`, detach in
// `attach`, as `q` would), and an EIO from the dead tty must never become an uncaught exception.
// Node 20 also aborts at exit (exit status 134, "Assertion failed" in ResetStdio) when it cannot
// restore the tty's modes because the tty is gone: close fds 0-2 on the way out, which Node skips.
import { closeSync } from 'node:fs';
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export type QuitCause = 'hangup' | (typeof SIGNALS)[number];

export interface HangupWatch {
  /** Stop listening for signals; the error guards stay for the life of the process. */
  dispose(): void;
}

/** Call `onQuit` on SIGINT / SIGTERM, and with 'hangup' on SIGHUP or when the terminal is gone. */
export function watchHangup(stdin: NodeJS.ReadStream, stdout: NodeJS.WriteStream, onQuit: (cause: QuitCause) => void): HangupWatch {
  const onHangup = (): void => {
    releaseTerminalAtExit();
    onQuit('hangup');
  };
  const onSignal = SIGNALS.map((sig) => [sig, () => (sig === 'SIGHUP' ? onHangup() : onQuit(sig))] as const);
  for (const [sig, fn] of onSignal) process.on(sig, fn);
  // A tty's input ends only when the terminal is gone (Ctrl-D is a key in raw mode).
  if (stdin.isTTY) stdin.once('end', onHangup);
  // Kept after dispose: Ink's unmount still writes and resets raw mode on the dead tty.
  stdin.on('error', onHangup);
  stdout.on('error', onHangup);
  return {
    dispose() {
      for (const [sig, fn] of onSignal) process.off(sig, fn);
      stdin.off('end', onHangup);
    },
  };
}

let releasing = false;

/** At exit, close stdin, stdout and stderr: Node then leaves the dead tty's modes alone. */
function releaseTerminalAtExit(): void {
  if (releasing) return;
  releasing = true;
  process.once('exit', () => {
    for (const fd of [0, 1, 2]) {
      try {
        closeSync(fd);
      } catch {
        // already closed
      }
    }
  });
}
