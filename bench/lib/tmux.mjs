// A private tmux server (its own -L socket, no user config) to give a TUI a real terminal;
// killed at cleanup. `CI` is removed from the TUI's environment: Ink renders only the last
// frame when it is set.
import { onCleanup } from './cleanup.mjs';
import { runChecked, runCommand } from './proc.mjs';

export class Tmux {
  constructor(ctx, label) {
    this.socket = `clmon-bench-${process.pid}-${label}`;
    this.session = 'bench';
    this.started = false;
    this.dispose = onCleanup(`tmux ${this.socket}`, () => this.kill());
  }

  tmux(args) {
    return runChecked('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], { timeoutMs: 10_000 });
  }

  /** Open a window named `name` running `command` (an argv array) in a 160x50 terminal. */
  async open(name, command, env = {}) {
    const line = ['env', '-u', 'CI', ...Object.entries(env).map(([k, v]) => `${k}=${v}`), ...command].map(quote).join(' ');
    if (!this.started) {
      await this.tmux(['new-session', '-d', '-s', this.session, '-x', '160', '-y', '50', '-n', name, line]);
      this.started = true;
    } else {
      await this.tmux(['new-window', '-d', '-t', this.session, '-n', name, line]);
    }
  }

  /** The pid of the process running in window `name`. */
  async panePid(name) {
    const { stdout } = await this.tmux(['display-message', '-p', '-t', `${this.session}:${name}`, '#{pane_pid}']);
    return Number(stdout.trim());
  }

  /** The visible text of window `name`. */
  async capture(name) {
    return (await this.tmux(['capture-pane', '-p', '-t', `${this.session}:${name}`])).stdout;
  }

  /** Close window `name` as a closed terminal would (tmux hangs up its pty and sends SIGHUP). */
  async killWindow(name) {
    await this.tmux(['kill-window', '-t', `${this.session}:${name}`]);
  }

  async kill() {
    if (this.started) await runCommand('tmux', ['-L', this.socket, 'kill-server'], { timeoutMs: 10_000 }).catch(() => {});
    this.started = false;
  }
}

function quote(word) {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${String(word).replace(/'/g, `'\\''`)}'`;
}
