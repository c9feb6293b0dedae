// Drive a program in a real terminal: a private tmux server per test (its own socket, so no
// other tmux is touched), keys in, screen out.
import { execFileSync, spawnSync } from 'node:child_process';

/** Whether tmux can be run here. */
/** Whether tmux runs here; under CI a missing tmux fails the file instead of skipping it. */
export function hasTmux(): boolean {
  const found = spawnSync('tmux', ['-V'], { encoding: 'utf8' }).status === 0;
  if (!found && process.env.CLMON_TEST_CI) throw new Error('tmux is missing under CI: the end-to-end tests must run (.ci/run installs it)');
  return found;
}

export class TmuxSession {
  readonly socket = `clmon-e2e-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

  /** Start `command` (a shell command line) in a detached session of the given size. */
  constructor(command: string, opts: { cwd: string; columns: number; rows: number }) {
    // remain-on-exit: the pane stays after the program ends, to read its exit status and screen
    this.tmux(
      'new-session',
      '-d',
      '-c',
      opts.cwd,
      '-x',
      String(opts.columns),
      '-y',
      String(opts.rows),
      command,
      ';',
      'set-option',
      '-w',
      'remain-on-exit',
      'on',
    );
  }

  /** Send keys as tmux names them ('q', 'Enter', 'PageUp', ...), one at a time. */
  send(...keys: string[]): void {
    for (const key of keys) this.tmux('send-keys', '-t', '0', key);
  }

  /** The screen as text (with `ansi`, with colour escapes). */
  screen(ansi = false): string {
    return this.tmux('capture-pane', '-p', ...(ansi ? ['-e'] : []), '-t', '0');
  }

  /** The pane's process id, and its exit status once it ended. */
  pane(): { pid: number; dead: boolean; status: number | null } {
    const [pid, dead, status] = this.tmux('display-message', '-p', '-t', '0', '#{pane_pid} #{pane_dead} #{pane_dead_status}').trim().split(' ');
    return { pid: Number(pid), dead: dead === '1', status: status ? Number(status) : null };
  }

  /** Stop the tmux server (and whatever still runs in it). */
  kill(): void {
    spawnSync('tmux', ['-L', this.socket, 'kill-server'], { stdio: 'ignore' });
  }

  private tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
  }
}

export interface ScreenWorker {
  id: number;
  pid: number | null;
  status: string;
  restarts: number;
  selected: boolean;
}

/** The worker rows of the TUI's table, as shown, cut at the columns its title line gives. */
export function workerRows(screen: string): ScreenWorker[] {
  const lines = screen.split('\n');
  const title = lines.find((l) => /^ {2}ID +PID STATUS/.test(l));
  if (!title) return [];
  const restartsEnd = title.indexOf('↺') + 1; // the restarts column is right-aligned under ↺
  const rows: ScreenWorker[] = [];
  for (const line of lines) {
    const m = /^(▶ | {2})#(\d+) +(\d+|-) /.exec(line);
    if (!m) continue;
    rows.push({
      id: Number(m[2]),
      pid: m[3] === '-' ? null : Number(m[3]),
      status: line.slice(15, restartsEnd - 5).trim(),
      restarts: Number(line.slice(restartsEnd - 4, restartsEnd).trim()),
      selected: m[1] === '▶ ',
    });
  }
  return rows;
}
