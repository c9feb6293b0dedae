// The many-hosts parts of the screen (docs/cli.md#many-hosts), only present when attached through --via:
// the header's line of link states (problems first, with their reasons), and with more than
// one host the group row above each host's apps. Reasons come from remote commands: untrusted,
// so sanitized like any worker output.
import type { AppInfo, HostLinkState, Snapshot } from '../model/types.js';
import { formatCountdown } from '../format.js';
import { seg, type Line, type Segment } from './line.js';
import { safeText } from '../safe-text.js';

const MARK: Record<HostLinkState['state'], { mark: string; color: string }> = {
  connected: { mark: '●', color: 'green' },
  connecting: { mark: '◌', color: 'yellow' },
  reconnecting: { mark: '◌', color: 'yellow' },
  failed: { mark: '✗', color: 'red' },
};

/** Rows the header takes: one, plus the hosts line when attached to hosts. */
export function headerRows(snapshot: Snapshot | null): number {
  return snapshot?.hosts ? 2 : 1;
}

/** Host group rows in the table: one per host when there are several. */
export function hostGroupRows(snapshot: Snapshot | null): number {
  return (snapshot?.hosts?.length ?? 0) > 1 ? snapshot!.hosts!.length : 0;
}

/** `hosts 2/3 · keys act on web-1  ✗ web-3 failed: ssh: …  ● web-1  ● web-2`: links that need attention first. */
export function hostsLine(hosts: readonly HostLinkState[], now = 0, width = Infinity, selected?: string): Line {
  const up = hosts.filter((h) => h.state === 'connected').length;
  const line: Line = [seg(hosts.length === 1 ? 'host' : `hosts ${up}/${hosts.length}`, { bold: true })];
  // keys act on the selected worker's host: say which before a key is pressed
  if (hosts.length > 1 && selected !== undefined) line.push(seg(' · keys act on '), seg(safeText(selected), { bold: true, color: 'cyan' }));
  const order = [...hosts].sort((a, b) => rank(a) - rank(b));
  for (const host of order) line.push(...hostSegments(host, now));
  return fitLine(line, width);
}

/** The group row above a host's apps: `▸ web-1  connected · 2 apps, 3/4 online`. */
export function hostRowLine(host: HostLinkState, apps: readonly AppInfo[]): Line {
  const { mark, color } = MARK[host.state];
  const workers = apps.flatMap((a) => a.workers);
  const online = workers.filter((w) => w.status === 'online').length;
  const line: Line = [seg(`${mark} `, { color }), seg(safeText(host.label), { bold: true, color: 'cyan' })];
  if (host.state === 'connected') {
    line.push(seg(`  ${apps.length} app${apps.length === 1 ? '' : 's'}, ${online}/${workers.length} online`, { dim: true }));
  } else {
    line.push(seg(`  ${stateText(host, 0)}`, { color }));
  }
  return line;
}

/** The app's own name under its host's row (the UI keys it as `<host>/<app>`). */
export function appDisplayName(app: AppInfo): string {
  return app.host !== undefined && app.name.startsWith(`${app.host}/`) ? app.name.slice(app.host.length + 1) : app.name;
}

function hostSegments(host: HostLinkState, now: number): Segment[] {
  const { mark, color } = MARK[host.state];
  const out = [seg(`  ${mark} `, { color }), seg(safeText(host.label), { bold: host.state !== 'connected' })];
  if (host.state !== 'connected') out.push(seg(` ${stateText(host, now)}`, { color }));
  return out;
}

/**
 * `reconnecting (retry in 4.0s): lost the connection …`, `failed (retry in 2.0s): ssh: Could not
 * resolve hostname` (never reached, tried again), `failed (not retried): cannot run "kubectl" …`.
 */
function stateText(host: HostLinkState, age: number): string {
  const retry = host.givenUp ? ' (not retried)' : host.retryInMs !== undefined ? ` (retry in ${formatCountdown(host.retryInMs - age)})` : '';
  const reason = host.reason ? `: ${safeText(host.reason)}` : '';
  if (host.state === 'connecting') return 'connecting…';
  return `${host.state}${retry}${reason}`;
}

function rank(host: HostLinkState): number {
  return { failed: 0, reconnecting: 1, connecting: 2, connected: 3 }[host.state];
}

/** Cut a line to `width` characters, ending in `…` when something was cut. */
function fitLine(line: Line, width: number): Line {
  const out: Line = [];
  let used = 0;
  for (const s of line) {
    if (used + s.text.length <= width) {
      out.push(s);
      used += s.text.length;
      continue;
    }
    const room = width - used - 1;
    if (room > 0) out.push({ ...s, text: s.text.slice(0, room) });
    out.push(seg('…', { dim: true }));
    break;
  }
  return out;
}
