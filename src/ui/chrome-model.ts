// The one-line parts around the table and logs: header, log pane title, footer (the status
// line has its own file, status-model.ts).
import type { Snapshot, WorkerStatus } from '../model/types.js';
import type { SourceCapabilities } from '../model/source.js';
import { formatBytes } from '../format.js';
import type { HostExtras } from './host-extras.js';
import type { HostStats } from './host-stats.js';
import { lineText, seg, type Line } from './line.js';
import { safeText } from '../safe-text.js';
import type { Focus } from './ui-action.js';

/** Online and total counts over every app. */
export function countWorkers(snapshot: Snapshot | null): { apps: number; online: number; total: number } {
  let online = 0;
  let total = 0;
  for (const app of snapshot?.apps ?? []) {
    total += app.workers.length;
    online += app.workers.filter((w) => w.status === 'online').length;
  }
  return { apps: snapshot?.apps.length ?? 0, online, total };
}

/**
 * `clmon · host · what it is attached to  online/total · apps  host CPU and memory`, within
 * `width`: the host numbers get shorter first (`cpu 5% mem 0.5/23G`), then the attachment label
 * is cut; the counts always stay.
 */
export function headerLine(label: string, host: HostStats | null, snapshot: Snapshot | null, width = Infinity): Line {
  const c = countWorkers(snapshot);
  const head: Line = [seg('clmon', { bold: true, color: 'cyan' })];
  if (host) head.push(seg(` · ${safeText(host.hostname)}`, { bold: true }));
  const counts: Line = [
    seg(`${c.online}/${c.total} online`, { color: c.online === c.total ? 'green' : 'yellow', bold: true }),
    seg(` · ${c.apps} app${c.apps === 1 ? '' : 's'}`),
  ];
  const shown = ` · ${safeText(label)}  `;
  const fixed = lineText(head).length + lineText(counts).length;
  const long = host
    ? `  host CPU ${cpuOf(host)} load ${host.load1.toFixed(2)}/${host.cores} MEM ${formatBytes(host.memUsed)}/${formatBytes(host.memTotal)}`
    : '';
  const extras = host?.extras ? extrasText(host.extras) : '';
  const forms = host ? [...(extras ? [`${long}${extras}`] : []), long, `  cpu ${cpuOf(host)} mem ${shortMem(host.memUsed, host.memTotal)}`] : [''];
  // the long host form if everything fits, else the short one with the label cut to what is left
  const stats = forms.find((f) => fixed + shown.length + f.length <= width) ?? forms[forms.length - 1]!;
  const room = width - fixed - stats.length;
  const labelText = shown.length <= room ? shown : room >= MIN_LABEL + 5 ? `${shown.slice(0, room - 3)}…  ` : ' · …  ';
  return [...head, seg(labelText), ...counts, ...(stats ? [seg(stats, { dim: true })] : [])];
}

/** ` · 20.1G avail · logs disk 78G free · cgroup 2 CPU 512M`: what node:os cannot tell. */
function extrasText(x: HostExtras): string {
  let text = '';
  if (x.memAvailable !== null) text += ` ${formatBytes(x.memAvailable)} avail`;
  if (x.diskFree !== null) text += ` · logs disk ${formatBytes(x.diskFree)} free`;
  if (x.cgroupCpus !== null || x.cgroupMemory !== null) {
    const cpus = x.cgroupCpus === null ? '' : ` ${Number(x.cgroupCpus.toFixed(2))} CPU`;
    const mem = x.cgroupMemory === null ? '' : ` ${formatBytes(x.cgroupMemory)}`;
    text += ` · cgroup${cpus}${mem}`;
  }
  return text;
}

/** Characters of the attachment label kept at least before the host numbers are dropped. */
const MIN_LABEL = 8;

function cpuOf(host: HostStats): string {
  return host.cpuPercent === null ? '…' : `${Math.round(host.cpuPercent)}%`;
}

/** `0.5/23G`: used and total memory in GiB, one decimal below 10. */
function shortMem(used: number, total: number): string {
  const g = (bytes: number): string => {
    const v = bytes / 1024 ** 3;
    return v < 10 ? v.toFixed(1) : String(Math.round(v));
  };
  return `${g(used)}/${g(total)}G`;
}

/** `── logs: all · filter "x" · paused, 12 new (End) ──` */
export function logTitle(width: number, o: { onlyLabel: string | null; filter: string; following: boolean; below: number }): Line {
  let text = `── logs: ${o.onlyLabel ?? 'all workers'}`;
  if (o.filter) text += ` · filter "${o.filter}"`;
  if (!o.following) text += ` · paused${o.below > 0 ? `, ${o.below} newer` : ''} (End to follow)`;
  text += ' ';
  return [seg(text.padEnd(width, '─'), { dim: true })];
}

export interface FooterInput {
  focus: Focus;
  filterEditing: boolean;
  mode: 'run' | 'attach';
  capabilities: SourceCapabilities;
  selectedStatus: WorkerStatus | null;
  onlySelected: boolean;
  following: boolean;
  /** A command's y/n question is open. */
  confirming?: boolean;
}

/** The keys that apply now, as many as fit in order; `? help` and quit always stay (they end the list). */
export function footerLine(width: number, f: FooterInput): Line {
  const items = footerItems(f);
  const essential = items.length > 2 ? items.slice(-2) : [];
  const kept: string[] = [];
  let used = essential.reduce((n, item) => n + item.length + 2, 0);
  for (const item of items.slice(0, items.length - essential.length)) {
    if (used + item.length + 2 > width) continue;
    kept.push(item);
    used += item.length + 2;
  }
  return [seg([...kept, ...essential].join('  '), { dim: true })];
}

function footerItems(f: FooterInput): string[] {
  const quit = f.mode === 'attach' ? 'q detach' : 'q quit';
  if (f.filterEditing) return ['type to filter', '⏎ keep', 'Esc clear'];
  if (f.focus === 'help') return ['any key: close help'];
  if (f.focus === 'confirm-quit') return ['y stop and quit', 'n cancel'];
  if (f.confirming) return ['y take it', 'n cancel'];
  const can = (c: keyof SourceCapabilities): boolean => f.capabilities[c] === true;
  const stopped = f.selectedStatus === 'stopped' || f.selectedStatus === 'errored';
  const actions = [
    can('restart') ? 'r restart' : '',
    can('stopStart') ? (stopped ? 's start' : 's stop') : '',
    can('reload') ? 'l reload' : '',
    can('scale') ? '+/- scale' : '',
    can('restart') ? 'R restart app' : '',
    can('kill') ? 'K kill' : '',
    can('diagnostics') ? 'p profile' : '',
    can('diagnostics') ? 'H heap snapshot' : '',
  ];
  if (f.focus === 'detail') return ['Esc back', '↑↓ worker', 'c config & env', 'PgUp/PgDn scroll', ...actions, '? help', quit].filter(Boolean);
  return [
    '↑↓ select',
    '⏎ detail',
    ...actions,
    '/ filter',
    f.onlySelected ? 'f all logs' : 'f this worker',
    f.following ? 'PgUp scroll' : 'End follow',
    '? help',
    quit,
  ].filter(Boolean);
}
