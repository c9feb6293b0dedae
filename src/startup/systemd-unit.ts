// The systemd unit of `clmon startup` (docs/cli.md#save---force--resurrect---update-env): pure, so it is tested as text and checked by
// `systemd-analyze verify`. systemd supervises the daemon itself (Type=simple, `clmon daemon
// --resurrect` in the foreground: no forking, no PIDFile); KillMode=mixed sends SIGTERM to the
// daemon only, which drains and stops its workers in order; the SIGKILL of the rest comes only
// after TimeoutStopSec, set above the longest graceful stop of any app.
import { DAEMON_NODE_FLAGS } from '../daemon/daemon-node-flags.js';

export interface UnitOptions {
  node: string;
  clmon: string;
  home: string;
  /** The user the daemon runs as (system units only; a user unit runs as its owner). */
  user?: string;
  path: string;
  /** Longest graceful stop of any app, ms (drain + kill_timeout). */
  longestStopMs: number;
  scope: 'system' | 'user';
}

/** Seconds systemd waits for the daemon's graceful stop before SIGKILL: the longest stop + 10 s. */
export function timeoutStopSec(longestStopMs: number): number {
  return Math.ceil(longestStopMs / 1000) + 10;
}

export function systemdUnit(opts: UnitOptions): string {
  const service = [
    '[Service]',
    'Type=simple',
    ...(opts.scope === 'system' && opts.user ? [`User=${opts.user}`] : []),
    `Environment=${quote(`PATH=${opts.path}`)}`,
    `ExecStart=${[opts.node, ...DAEMON_NODE_FLAGS, opts.clmon, 'daemon', '--home', opts.home, '--resurrect'].map(quote).join(' ')}`,
    'KillMode=mixed',
    `TimeoutStopSec=${timeoutStopSec(opts.longestStopMs)}`,
    'Restart=on-failure',
    'RestartSec=2',
  ];
  return [
    '[Unit]',
    `Description=clmon daemon of ${opts.user ?? 'this user'} (home ${escapeSpecifiers(opts.home)})`,
    'After=network.target',
    '',
    ...service,
    '',
    '[Install]',
    `WantedBy=${opts.scope === 'system' ? 'multi-user.target' : 'default.target'}`,
    '',
  ].join('\n');
}

/** One word of a unit line: `%` and `$` escaped, quoted when it has spaces or quotes. */
export function quote(word: string): string {
  const escaped = escapeSpecifiers(word).replace(/\$/g, '$$$$');
  return /[\s"'\\;]/.test(escaped) ? `"${escaped.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"` : escaped;
}

function escapeSpecifiers(text: string): string {
  return text.replace(/%/g, '%%');
}

/** The words of an ExecStart line as systemd splits them (the inverse of quote, for tests). */
export function splitExecStart(line: string): string[] {
  const words: string[] = [];
  for (const m of line.matchAll(/"((?:[^"\\]|\\.)*)"|(\S+)/g)) {
    const raw = m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2]!;
    words.push(raw.replace(/\$\$/g, '$').replace(/%%/g, '%'));
  }
  return words;
}

/** A node that lives under a version manager: its path breaks on the next upgrade (pm2#2006). */
export function versionManagerOf(path: string): string | undefined {
  if (/\/\.nvm\//.test(path)) return 'nvm';
  if (/\/(\.fnm|fnm|fnm_multishells)\//.test(path) || /\/\.local\/share\/fnm\//.test(path)) return 'fnm';
  if (/\/\.volta\//.test(path)) return 'volta';
  return undefined;
}
